using System.Net;
using Bridgehead.Dtls;
using Bridgehead.Relay.Io;
using Bridgehead.Relay.Security;

namespace Bridgehead.Relay.Forwarding;

/// <summary>What latching does with media from an address other than the one learned (rtpengine's flags).</summary>
public enum LatchMode
{
    /// <summary>Learn the first source and send there; relay media from elsewhere but keep sending to the learned address.</summary>
    Default,

    /// <summary>strict-source: drop media from anywhere but the learned address (RTP-bleed hardening).</summary>
    Strict,

    /// <summary>media-handover: a new source takes over as the learned address.</summary>
    Handover,
}

/// <summary>ICE-lite settings of one stream: our credentials, the peer's ufrag once known, the tie-breaker.</summary>
internal sealed record IceSettings(string LocalUfrag, string LocalPassword, string? RemoteUfrag, ulong TieBreaker);

/// <summary>DTLS-SRTP settings of one stream, from a=setup and a=fingerprint.</summary>
internal sealed record DtlsPathConfig(DtlsRole Role, DtlsCertificate Certificate, IReadOnlyList<DtlsFingerprint> RemoteFingerprints, DtlsOptions Options)
{
    public bool SameAs(DtlsPathConfig? other) =>
        other is not null && other.Role == Role && ReferenceEquals(other.Certificate, Certificate)
        && other.RemoteFingerprints.SequenceEqual(RemoteFingerprints);
}

/// <summary>
/// Everything session control decided for one stream after an offer or answer, applied by the
/// stream's worker between packets (<see cref="StreamPath.Apply"/>).
/// </summary>
internal sealed record StreamPathConfig
{
    public StreamPath? Partner { get; init; }

    public required MediaEndpoint RtpEndpoint { get; init; }

    public MediaEndpoint? RtcpEndpoint { get; init; }

    /// <summary>RTCP shares the RTP port with this leg's peer (RFC 5761).</summary>
    public bool RtcpMux { get; init; }

    /// <summary>Where the peer's SDP says to send RTP; null when it says nothing usable (0.0.0.0, port 0).</summary>
    public IPEndPoint? SdpRtp { get; init; }

    /// <summary>Where the peer's SDP says to send RTCP when not muxed (a=rtcp, else RTP port + 1).</summary>
    public IPEndPoint? SdpRtcp { get; init; }

    public LatchMode Latching { get; init; }

    /// <summary>Forget the learned addresses (the peer's address changed in new SDP).</summary>
    public bool ResetLatch { get; init; }

    /// <summary>The leg speaks SRTP (SDES or DTLS): nothing is relayed to or from it in the clear, even before keys.</summary>
    public bool Secure { get; init; }

    public IceSettings? Ice { get; init; }

    public SdesKey? SdesInbound { get; init; }

    public SdesKey? SdesOutbound { get; init; }

    public DtlsPathConfig? Dtls { get; init; }

    /// <summary>For logs: call-id, tag and media index.</summary>
    public string Name { get; init; } = string.Empty;
}
