using System.Diagnostics.Metrics;

namespace Bridgehead.Sip.Transport;

/// <summary>Why an inbound message, datagram or connection was dropped (the <c>reason</c> tag).</summary>
public enum SipDropReason : byte
{
    /// <summary>Larger than the message-size limit.</summary>
    MessageTooLarge,

    /// <summary>The stream could not be framed (bad or conflicting Content-Length).</summary>
    BadFraming,

    /// <summary>A message was left unfinished past the incomplete-message timeout.</summary>
    IncompleteMessage,

    /// <summary>The connection limit was reached.</summary>
    ConnectionLimit,

    /// <summary>The inbound handler threw.</summary>
    HandlerFailed,

    /// <summary>A WebSocket opening handshake was refused (not an upgrade, no "sip" subprotocol, Origin, timeout).</summary>
    HandshakeRejected,

    /// <summary>A WebSocket frame broke RFC 6455.</summary>
    ProtocolError,

    /// <summary>A WebSocket message was not SIP, or a text frame not UTF-8.</summary>
    InvalidPayload,
}

/// <summary>
/// The transport's instruments, all on one meter: messages and bytes in and out by transport,
/// open connections, and drops by reason. Tags are bounded (transport, reason).
/// </summary>
public sealed class SipTransportMetrics
{
    public const string MeterName = "Bridgehead.Sip.Transport";

    private static readonly string[] TransportTags = ["udp", "tcp", "tls", "ws", "wss"];
    private static readonly string[] ReasonTags = ["too_large", "bad_framing", "incomplete", "connection_limit", "handler_failed", "handshake_rejected", "protocol_error", "invalid_payload"];

    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _bytesSent;
    private readonly UpDownCounter<long> _connectionsOpen;
    private readonly Counter<long> _drops;

    public SipTransportMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _messagesReceived = meter.CreateCounter<long>("bridgehead.sip.transport.messages.received", "{message}", "SIP messages received, by transport");
        _messagesSent = meter.CreateCounter<long>("bridgehead.sip.transport.messages.sent", "{message}", "SIP messages sent, by transport");
        _bytesReceived = meter.CreateCounter<long>("bridgehead.sip.transport.bytes.received", "By", "Octets of SIP messages received, by transport");
        _bytesSent = meter.CreateCounter<long>("bridgehead.sip.transport.bytes.sent", "By", "Octets of SIP messages sent, by transport");
        _connectionsOpen = meter.CreateUpDownCounter<long>("bridgehead.sip.transport.connections.open", "{connection}", "Open stream connections, by transport");
        _drops = meter.CreateCounter<long>("bridgehead.sip.transport.drops", "{event}", "Messages, datagrams or connections dropped, by transport and reason");
    }

    internal void Received(SipTransportKind transport, int bytes)
    {
        var tag = Tag(transport);
        _messagesReceived.Add(1, tag);
        _bytesReceived.Add(bytes, tag);
    }

    internal void Sent(SipTransportKind transport, int bytes)
    {
        var tag = Tag(transport);
        _messagesSent.Add(1, tag);
        _bytesSent.Add(bytes, tag);
    }

    internal void ConnectionOpened(SipTransportKind transport) => _connectionsOpen.Add(1, Tag(transport));

    internal void ConnectionClosed(SipTransportKind transport) => _connectionsOpen.Add(-1, Tag(transport));

    internal void Dropped(SipTransportKind transport, SipDropReason reason) =>
        _drops.Add(1, Tag(transport), new KeyValuePair<string, object?>("reason", ReasonTags[(int)reason]));

    private static KeyValuePair<string, object?> Tag(SipTransportKind transport) => new("transport", TransportTags[(int)transport]);
}
