using System.Net;

namespace Bridgehead.Sdp;

/// <summary>
/// The origin line, <c>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;</c>
/// (RFC 8866 §5.2). A relay rewrites the address (the switch's private address must not leave,
/// product flow 4) and bumps the version whenever it changes what it sends (RFC 3264 §8).
/// </summary>
public sealed record SdpOrigin(string Username, string SessionId, string SessionVersion, string NetworkType, string AddressType, string Address)
{
    /// <summary>The same origin with the session version increased by one.</summary>
    public SdpOrigin WithNextVersion() => this with { SessionVersion = Increment(SessionVersion) };

    /// <summary>The same origin with its address (and address type) replaced.</summary>
    public SdpOrigin WithAddress(IPAddress address)
    {
        var connection = SdpConnection.FromAddress(address);
        return this with { NetworkType = connection.NetworkType, AddressType = connection.AddressType, Address = connection.Address };
    }

    public static bool TryParse(ReadOnlySpan<char> value, out SdpOrigin origin)
    {
        origin = null!;
        var tokens = new SdpTokenizer(value);
        if (!tokens.TryNext(out var username) || !tokens.TryNext(out var sessionId) || !tokens.TryNext(out var version)
            || !tokens.TryNext(out var netType) || !tokens.TryNext(out var addrType) || !tokens.TryNext(out var address)
            || !tokens.IsEmpty)
        {
            return false;
        }

        // sess-id is 1*DIGIT in the grammar, but some stacks write other visible characters and
        // nobody interprets it; the version must be digits because it is compared and bumped.
        if (!SdpNumbers.IsVisible(username) || !SdpNumbers.IsVisible(sessionId) || !SdpNumbers.IsDigits(version)
            || !SdpNumbers.IsToken(netType) || !SdpNumbers.IsToken(addrType) || !SdpNumbers.IsVisible(address))
        {
            return false;
        }

        origin = new SdpOrigin(username.ToString(), sessionId.ToString(), version.ToString(), netType.ToString(), addrType.ToString(), address.ToString());
        return true;
    }

    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";

    /// <summary>Decimal increment of any length: versions are often NTP-sized and overflow no integer type we pick.</summary>
    private static string Increment(string digits)
    {
        if (!SdpNumbers.IsDigits(digits))
        {
            return "1";
        }

        var chars = digits.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] != '9')
            {
                chars[i]++;
                return new string(chars);
            }

            chars[i] = '0';
        }

        return string.Concat("1", new string(chars));
    }
}
