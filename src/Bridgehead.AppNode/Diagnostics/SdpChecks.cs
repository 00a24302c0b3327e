using System.Net;
using Bridgehead.Sdp;

namespace Bridgehead.AppNode.Diagnostics;

/// <summary>What the doctor reads in an SDP body a peer received.</summary>
public static class SdpChecks
{
    /// <summary>
    /// Whether the first live audio stream is one a browser accepts: UDP/TLS/RTP/SAVPF (or SAVP)
    /// with ICE credentials and a DTLS fingerprint (RFC 8827 §6.5, RFC 8839). A plain RTP/AVP
    /// stream is what a switch sends a softphone.
    /// </summary>
    public static bool IsBrowserReady(SdpSession session, out string protocol)
    {
        ArgumentNullException.ThrowIfNull(session);
        protocol = string.Empty;
        foreach (var m in session.Media)
        {
            if (!m.MediaType.Equals("audio", StringComparison.OrdinalIgnoreCase) || m.IsRejected)
            {
                continue;
            }

            protocol = m.Protocol;
            var fingerprint = m.Fingerprints.Count > 0 || session.Fingerprints.Count > 0;
            var ice = (m.IceUfrag ?? session.IceUfrag) is not null;
            return SdpProtocol.IsDtls(m.Protocol) && fingerprint && ice;
        }

        return false;
    }

    /// <summary>
    /// Every address in c= and o= that a peer reaching the edge at <paramref name="peerView"/>
    /// cannot reach, as the line it was read from ("c=IN IP4 10.0.0.5").
    /// </summary>
    public static IReadOnlyList<string> UnreachableAddresses(SdpSession session, IPAddress peerView)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(peerView);
        var found = new List<string>();
        if (IPAddress.TryParse(session.Origin.Address, out var origin) && !AddressScopes.IsReachableFrom(origin, peerView))
        {
            found.Add($"o={session.Origin}");
        }

        Check(session.Connection, found, peerView);
        foreach (var m in session.Media)
        {
            if (!m.IsRejected)
            {
                Check(m.Connection, found, peerView);
            }
        }

        return found;
    }

    private static void Check(SdpConnection? connection, List<string> found, IPAddress peerView)
    {
        if (connection is not null && !connection.IsUnspecified && connection.TryGetIPAddress(out var address)
            && !AddressScopes.IsReachableFrom(address, peerView))
        {
            var line = $"c={connection}";
            if (!found.Contains(line))
            {
                found.Add(line);
            }
        }
    }
}
