using System.Net;
using System.Net.Sockets;

namespace Bridgehead.AppNode.Diagnostics;

/// <summary>How far an address reaches, from the narrowest to the widest.</summary>
public enum AddressScope
{
    /// <summary>127.0.0.0/8, ::1: this host only.</summary>
    Loopback,

    /// <summary>169.254.0.0/16, fe80::/10: this link only.</summary>
    LinkLocal,

    /// <summary>RFC 1918, RFC 6598 shared (carrier NAT), RFC 4193 unique local: a private network.</summary>
    Private,

    /// <summary>Anything else: reachable across the Internet.</summary>
    Public,
}

/// <summary>Classifies addresses found in SDP and transport headers.</summary>
public static class AddressScopes
{
    public static AddressScope Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return AddressScope.Loopback;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv6LinkLocal)
            {
                return AddressScope.LinkLocal;
            }

            // fc00::/7, unique local (RFC 4193).
            return (address.GetAddressBytes()[0] & 0xFE) == 0xFC ? AddressScope.Private : AddressScope.Public;
        }

        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b[0] switch
        {
            10 => AddressScope.Private,
            172 when (b[1] & 0xF0) == 16 => AddressScope.Private,
            192 when b[1] == 168 => AddressScope.Private,
            100 when (b[1] & 0xC0) == 64 => AddressScope.Private,
            169 when b[1] == 254 => AddressScope.LinkLocal,
            _ => AddressScope.Public,
        };
    }

    /// <summary>
    /// Whether a peer that reaches the edge at <paramref name="peerView"/> can reach
    /// <paramref name="advertised"/>: an address of a narrower scope than the one the peer uses
    /// belongs to some other network (a switch's LAN, the relay's loopback).
    /// </summary>
    public static bool IsReachableFrom(IPAddress advertised, IPAddress peerView) => Of(advertised) >= Of(peerView);
}
