using System.Net;
using Bridgehead.Dtls;
using Bridgehead.Ng;
using Bridgehead.Sdp;

namespace Bridgehead.Relay.Sessions;

/// <summary>What a leg's party said about one stream in its SDP: where it receives, how it does ICE, DTLS, SDES and RTCP.</summary>
internal sealed record RemoteMedia
{
    public required string Protocol { get; init; }

    /// <summary>Where it wants RTP; null for 0.0.0.0 (hold, or ICE's placeholder), a host name, or port 0.</summary>
    public IPEndPoint? Rtp { get; init; }

    /// <summary>Where it wants RTCP when not muxed: a=rtcp (RFC 3605), else the RTP port + 1.</summary>
    public IPEndPoint? Rtcp { get; init; }

    public bool RtcpMux { get; init; }

    public string? IceUfrag { get; init; }

    public string? IcePassword { get; init; }

    public IReadOnlyList<DtlsFingerprint> Fingerprints { get; init; } = [];

    public SdpSetupRole? Setup { get; init; }

    public IReadOnlyList<SdpCrypto> Cryptos { get; init; } = [];

    public string? Mid { get; init; }

    /// <summary>The m= line's payload formats.</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    public bool Rejected { get; init; }

    public bool Ice => IceUfrag is not null && IcePassword is not null;

    /// <summary>Reads one m= section; media and session-level attributes both count (RFC 8866 §5).</summary>
    public static RemoteMedia From(SdpSession session, SdpMedia media, IPAddress? sourceAddress)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(media);
        var mux = media.RtcpMux;
        IPEndPoint? rtp = null;
        IPEndPoint? rtcp = null;
        if (!media.IsRejected && session.GetEffectiveConnection(media) is { } connection && connection.TryGetIPAddress(out var address)
            && !connection.IsUnspecified)
        {
            // SIP-source-address: the SDP's address is not trusted, the SIP packet's source is (the
            // port still comes from SDP; latching corrects it once media flows).
            address = sourceAddress ?? address;
            rtp = new IPEndPoint(address, media.Port);
            if (media.Rtcp is { } rtcpAttribute)
            {
                var rtcpAddress = rtcpAttribute.Connection is { } c && c.TryGetIPAddress(out var a) && !c.IsUnspecified ? a : address;
                rtcp = rtcpAttribute.Port == 0 ? null : new IPEndPoint(sourceAddress ?? rtcpAddress, rtcpAttribute.Port);
            }
            else if (media.Port < 65535)
            {
                rtcp = new IPEndPoint(address, media.Port + 1);
            }
        }

        var fingerprints = new List<DtlsFingerprint>();
        foreach (var fingerprint in media.Fingerprints.Count > 0 ? media.Fingerprints : session.Fingerprints)
        {
            if (DtlsFingerprint.TryParse(fingerprint.ToString(), out var parsed, out _) && parsed is not null)
            {
                fingerprints.Add(parsed);
            }
        }

        return new RemoteMedia
        {
            Protocol = media.Protocol,
            Rtp = rtp,
            Rtcp = mux ? rtp : rtcp,
            RtcpMux = mux,
            IceUfrag = media.IceUfrag ?? session.IceUfrag,
            IcePassword = media.IcePwd ?? session.IcePwd,
            Fingerprints = fingerprints,
            Setup = media.Setup ?? session.Setup,
            Cryptos = media.Cryptos,
            Mid = media.Mid,
            Formats = media.Formats,
            Rejected = media.IsRejected,
        };
    }

    /// <summary>The SIP source to use instead of SDP addresses, when the command asks for it (SIP-source-address).</summary>
    public static IPAddress? SourceAddress(NgSdpCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);

        // Kamailio sends received-from even with trust-address (tests/…/KamailioNgInteropTests), and
        // rtpengine trusts SDP addresses by default; only SIP-source-address makes the source count.
        return !command.HasFlag("trust-address") && command.HasFlag("SIP-source-address")
            && command.ReceivedFrom is { } from && IPAddress.TryParse(from.Address, out var address) ? address : null;
    }
}
