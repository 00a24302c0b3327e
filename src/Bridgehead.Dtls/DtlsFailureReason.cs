namespace Bridgehead.Dtls;

/// <summary>Why a DTLS-SRTP handshake did not yield keys.</summary>
public enum DtlsFailureReason
{
    /// <summary>The handshake succeeded.</summary>
    None,

    /// <summary>No completed handshake within <see cref="DtlsOptions.HandshakeTimeout"/> (peer silent or too lossy).</summary>
    TimedOut,

    /// <summary>Closed or cancelled locally before it completed.</summary>
    Cancelled,

    /// <summary>The peer's certificate does not match the fingerprint in its SDP; bad_certificate(42) was sent.</summary>
    FingerprintMismatch,

    /// <summary>The peer presented no certificate (a DTLS-SRTP client must, RFC 5763 §5).</summary>
    PeerCertificateMissing,

    /// <summary>The client offered no SRTP profile the server accepts; handshake_failure(40) was sent.</summary>
    NoCommonSrtpProfile,

    /// <summary>The peer did not negotiate use_srtp at all (RFC 5764 §4.1.1).</summary>
    SrtpNotNegotiated,

    /// <summary>The server chose a profile this client did not offer, or more than one; illegal_parameter(47) was sent (RFC 5764 §4.1.3).</summary>
    InvalidSrtpSelection,

    /// <summary>The peer did not offer extended_master_secret, without which keying material must not be exported (RFC 7627 §5.4).</summary>
    ExtendedMasterSecretMissing,

    /// <summary>The peer ended the handshake with a fatal alert (see <see cref="DtlsHandshakeResult.Alert"/>).</summary>
    AlertReceived,

    /// <summary>The peer sent close_notify before the handshake completed.</summary>
    ClosedByPeer,

    /// <summary>The peer broke the protocol and this side raised a fatal alert (see <see cref="DtlsHandshakeResult.Alert"/>).</summary>
    ProtocolError,

    /// <summary>An unexpected failure inside the DTLS engine (a bug, not peer behaviour).</summary>
    InternalError,
}
