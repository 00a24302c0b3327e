using System.Net;
using System.Net.Sockets;

namespace Bridgehead.Sdp;

/// <summary>
/// Connection data, <c>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c> (RFC 8866 §5.7),
/// also the address part of <c>a=rtcp</c> (RFC 3605). Multicast suffixes are split out: IP4 carries
/// <c>/ttl[/count]</c>, IP6 only <c>/count</c>.
/// </summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address, int? Ttl = null, int? AddressCount = null)
{
    public const string Internet = "IN";
    public const string IP4 = "IP4";
    public const string IP6 = "IP6";

    public bool IsIPv4 => AddressType == IP4;

    public bool IsIPv6 => AddressType == IP6;

    /// <summary>
    /// 0.0.0.0 (or ::): the RFC 2543 way to put a stream on hold (RFC 3264 §8.4), and also the
    /// placeholder an ICE agent writes before it has candidates (RFC 8839 §4.2.1.1).
    /// </summary>
    public bool IsUnspecified =>
        TryGetIPAddress(out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));

    /// <summary>The address as an IP address, when it is one (it may be a domain name).</summary>
    public bool TryGetIPAddress(out IPAddress address)
    {
        if (IPAddress.TryParse(Address, out var parsed)
            && (parsed.AddressFamily == AddressFamily.InterNetwork ? IsIPv4 : IsIPv6))
        {
            address = parsed;
            return true;
        }

        address = IPAddress.None;
        return false;
    }

    /// <summary>Unicast connection data for an address: <c>IN IP4 a.b.c.d</c> or <c>IN IP6 x::y</c>.</summary>
    public static SdpConnection FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return new SdpConnection(Internet, IP4, address.ToString());
        }

        // A scope id means nothing to the far end.
        var bare = address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;
        return new SdpConnection(Internet, IP6, bare.ToString());
    }

    public static bool TryParse(ReadOnlySpan<char> value, out SdpConnection connection)
    {
        connection = null!;
        var tokens = new SdpTokenizer(value);
        if (!tokens.TryNext(out var netType) || !tokens.TryNext(out var addrType) || !tokens.TryNext(out var address)
            || !tokens.IsEmpty)
        {
            return false;
        }

        return TryCreate(netType, addrType, address, out connection);
    }

    internal static bool TryCreate(ReadOnlySpan<char> netType, ReadOnlySpan<char> addrType, ReadOnlySpan<char> address, out SdpConnection connection)
    {
        connection = null!;
        if (!SdpNumbers.IsToken(netType) || !SdpNumbers.IsToken(addrType) || !SdpNumbers.IsVisible(address))
        {
            return false;
        }

        int? ttl = null, count = null;
        var slash = address.IndexOf('/');
        var host = slash < 0 ? address : address[..slash];
        if (host.IsEmpty)
        {
            return false;
        }

        if (slash >= 0)
        {
            var suffix = address[(slash + 1)..];
            var second = suffix.IndexOf('/');
            var first = second < 0 ? suffix : suffix[..second];
            if (!SdpNumbers.TryParseInt(first, 0, 65535, out var a))
            {
                return false;
            }

            var ip6 = addrType.SequenceEqual(IP6);
            if (second >= 0)
            {
                // Only IP4 multicast has both a TTL and a count (RFC 8866 §5.7).
                if (ip6 || !SdpNumbers.TryParseInt(suffix[(second + 1)..], 1, 65535, out var b))
                {
                    return false;
                }

                ttl = a;
                count = b;
            }
            else if (ip6)
            {
                count = a;
            }
            else
            {
                ttl = a;
            }
        }

        connection = new SdpConnection(netType.ToString(), addrType.ToString(), host.ToString(), ttl, count);
        return true;
    }

    public override string ToString()
    {
        var address = Address;
        if (Ttl is { } ttl)
        {
            address = AddressCount is { } n ? $"{address}/{ttl}/{n}" : $"{address}/{ttl}";
        }
        else if (AddressCount is { } count)
        {
            address = $"{address}/{count}";
        }

        return $"{NetworkType} {AddressType} {address}";
    }
}
