using Bridgehead.Sip.Transport.Connections;

namespace Bridgehead.Sip.Transport;

/// <summary>What the proxy uses to send, and to see listeners and connections.</summary>
public interface ISipTransport
{
    /// <summary>All listeners, with bound ports and advertised addresses.</summary>
    SipListenerSet Listeners { get; }

    /// <summary>The stream connections: lookup, leases, close.</summary>
    SipConnectionTable Connections { get; }

    /// <summary>
    /// Sends one message without ever waiting: UDP, or an open connection chosen as in
    /// <see cref="SendAsync"/>. Returns <see cref="SipSendResult.NeedsConnection"/> when only a new
    /// connection would do; the caller then uses <see cref="SendAsync"/>.
    /// </summary>
    SipSendResult TrySend(ReadOnlySpan<byte> message, SipSendTarget target);

    /// <summary>
    /// Sends one message. UDP and sends over an open connection complete synchronously without
    /// allocating; only opening a new TCP/TLS connection awaits. For a stream transport the order
    /// is: <see cref="SipSendTarget.ConnectionId"/> if still open, then any open connection to the
    /// destination over that transport (RFC 3261 §18), then a new connection.
    /// </summary>
    /// <param name="message">The octets; not retained after the returned task completes.</param>
    /// <param name="target">Transport, destination and preferences.</param>
    /// <param name="cancellationToken">Stops waiting for a connection attempt.</param>
    ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, SipSendTarget target, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends on exactly this connection (a response on the connection its request came in on, RFC
    /// 3261 §18.2.2, or a request to a WebSocket client over its registered flow).
    /// </summary>
    /// <returns><see cref="SipSendResult.ConnectionClosed"/> when that connection is gone.</returns>
    SipSendResult SendOnConnection(ReadOnlySpan<byte> message, long connectionId);
}
