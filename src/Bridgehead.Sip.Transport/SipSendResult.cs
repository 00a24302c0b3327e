namespace Bridgehead.Sip.Transport;

/// <summary>The outcome of a send; failures are values the proxy acts on (RFC 3261 §18.4 failover), not exceptions.</summary>
public enum SipSendResult : byte
{
    /// <summary>Handed to the socket or the connection's output.</summary>
    Sent,

    /// <summary>Larger than the message-size limit.</summary>
    MessageTooLarge,

    /// <summary>No listener of that transport can reach the destination's address family.</summary>
    NoSuitableListener,

    /// <summary>The required connection is closed (or closed while sending).</summary>
    ConnectionClosed,

    /// <summary>A new connection could not be established (refused, timed out, TLS handshake failed).</summary>
    ConnectFailed,

    /// <summary>A new connection would exceed the connection limit.</summary>
    ConnectionLimitReached,

    /// <summary>The destination can only be reached over a connection it opened (WebSocket, RFC 7118 §5) and there is none.</summary>
    NotConnectable,

    /// <summary>The socket refused the datagram (network unreachable, no buffer space).</summary>
    SocketError,

    /// <summary>From <see cref="ISipTransport.TrySend"/>: no open connection; <see cref="ISipTransport.SendAsync"/> would open one.</summary>
    NeedsConnection,
}
