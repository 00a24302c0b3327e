namespace Bridgehead.Relay.Forwarding;

/// <summary>Why the forwarder did not relay a datagram (the <c>reason</c> tag of bridgehead.relay.drops).</summary>
public enum DropReason
{
    /// <summary>Not STUN, DTLS, RTP or RTCP by its first bytes (RFC 7983), or too short for its kind.</summary>
    Malformed,

    /// <summary>STUN that does not parse or whose FINGERPRINT is wrong (RFC 8489 §7.3).</summary>
    MalformedStun,

    /// <summary>STUN the ICE-lite agent ignores: responses, other indications, too many remote addresses.</summary>
    IgnoredStun,

    /// <summary>STUN on a stream that does not do ICE.</summary>
    UnexpectedStun,

    /// <summary>DTLS on a stream that does not do DTLS-SRTP.</summary>
    UnexpectedDtls,

    /// <summary>DTLS or media from an address no connectivity check was answered for (RFC 8445 §7.3).</summary>
    UnverifiedSource,

    /// <summary>Media from another address than the one latched, with strict-source.</summary>
    UnexpectedSource,

    /// <summary>RTP on the RTCP port of a stream.</summary>
    RtpOnRtcpPort,

    /// <summary>SRTP (or plain RTP towards an SRTP leg) before the keys were known: the DTLS handshake has not finished.</summary>
    NoKeys,

    /// <summary>SRTP/SRTCP whose authentication tag did not verify.</summary>
    AuthenticationFailed,

    /// <summary>SRTP/SRTCP already received, or behind the replay window (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>Another SRTP failure: invalid packet, MKI, exhausted index, too many SSRCs.</summary>
    SrtpError,

    /// <summary>The other leg has not answered yet.</summary>
    NoPartner,

    /// <summary>Nowhere to send: the other leg's address is unknown (0.0.0.0, no check yet) or its ICE consent expired.</summary>
    NoDestination,

    /// <summary>The socket refused the send.</summary>
    SendFailed,

    /// <summary>A datagram on a port whose stream is being set up or torn down.</summary>
    NoStream,

    /// <summary>The forwarder threw: a bug, logged with the exception.</summary>
    InternalError,
}

internal static class DropReasons
{
    public static readonly int Count = Enum.GetValues<DropReason>().Length;

    private static readonly string[] Tags =
    [
        "malformed", "malformed_stun", "ignored_stun", "unexpected_stun", "unexpected_dtls", "unverified_source",
        "unexpected_source", "rtp_on_rtcp_port", "no_keys", "authentication_failed", "replayed", "srtp_error",
        "no_partner", "no_destination", "send_failed", "no_stream", "internal_error",
    ];

    public static string ToTag(this DropReason reason) => Tags[(int)reason];
}
