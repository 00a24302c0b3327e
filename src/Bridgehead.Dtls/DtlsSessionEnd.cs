namespace Bridgehead.Dtls;

/// <summary>How a DTLS session ended.</summary>
public enum DtlsCloseReason
{
    /// <summary>The handshake failed; the handshake result says why.</summary>
    HandshakeFailed,

    /// <summary>This side closed it (close_notify sent when connected).</summary>
    ClosedLocally,

    /// <summary>The peer sent close_notify; one was sent back (RFC 5246 §7.2.1).</summary>
    CloseNotifyReceived,

    /// <summary>The peer sent a fatal alert after the handshake.</summary>
    FatalAlertReceived,

    /// <summary>This side raised a fatal alert after the handshake (for example an undecodable record).</summary>
    ProtocolError,
}

/// <summary>The end of a DTLS session.</summary>
/// <param name="Reason">Why it ended.</param>
/// <param name="Alert">The alert involved, if any.</param>
public sealed record DtlsSessionEnd(DtlsCloseReason Reason, DtlsAlert? Alert);
