namespace Bridgehead.Sip.Transport.Connections;

/// <summary>Why a connection ended; reported to <see cref="ISipConnectionObserver"/> and in logs.</summary>
public enum SipConnectionCloseReason : byte
{
    /// <summary>The peer closed or reset the connection.</summary>
    RemoteClosed,

    /// <summary>No traffic for the idle timeout and no lease held it open.</summary>
    IdleTimeout,

    /// <summary>A message was started and not finished within the incomplete-message timeout.</summary>
    IncompleteMessageTimeout,

    /// <summary>A message exceeded the message-size limit.</summary>
    MessageTooLarge,

    /// <summary>A negative, non-numeric or conflicting Content-Length made the stream unframeable.</summary>
    BadContentLength,

    /// <summary>The peer did not read what was sent and the send queue overflowed.</summary>
    SendQueueFull,

    /// <summary>A socket or TLS error.</summary>
    TransportError,

    /// <summary>Closed through <see cref="SipConnectionTable.Close"/>.</summary>
    ClosedLocally,

    /// <summary>The transport is stopping.</summary>
    Shutdown,

    /// <summary>A WebSocket frame broke RFC 6455 (unmasked, bad opcode, bad fragmentation): closed with 1002.</summary>
    ProtocolError,

    /// <summary>A WebSocket message was not SIP, or a text frame not UTF-8: closed with 1007.</summary>
    InvalidPayload,
}
