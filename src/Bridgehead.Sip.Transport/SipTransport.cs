using System.Net;
using Bridgehead.Sip.Transport.Connections;
using Bridgehead.Sip.Transport.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transport;

/// <summary>The send side of the transport and its view of listeners and connections.</summary>
internal sealed partial class SipTransport : ISipTransport
{
    private readonly SipStreamConnector _connector;
    private readonly SipTransportMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int _maxMessageSize;

    public SipTransport(
        SipListenerSet listeners,
        SipConnectionTable connections,
        SipStreamConnector connector,
        SipTransportMetrics metrics,
        IOptions<SipTransportOptions> options,
        ILogger<SipTransport> logger)
    {
        Listeners = listeners;
        Connections = connections;
        _connector = connector;
        _metrics = metrics;
        _logger = logger;
        _maxMessageSize = options.Value.MaxMessageSize;
    }

    public SipListenerSet Listeners { get; }

    public SipConnectionTable Connections { get; }

    public SipSendResult TrySend(ReadOnlySpan<byte> message, SipSendTarget target)
    {
        ArgumentNullException.ThrowIfNull(target.EndPoint);
        if (message.Length > _maxMessageSize)
        {
            Log.TooLarge(_logger, target.Transport, target.EndPoint, message.Length, _maxMessageSize);
            return SipSendResult.MessageTooLarge;
        }

        var destination = SipConnectionTable.Normalize(target.EndPoint);
        if (target.Transport == SipTransportKind.Udp)
        {
            return SendDatagram(message, destination, target.Listener);
        }

        // The id must still lead to the destination: ids restart with the process, and a binding
        // loaded from the store names a connection of an earlier run that a different peer may now hold.
        if (target.ConnectionId != 0 && Connections.TryGet(target.ConnectionId, out var preferred) && preferred.Transport == target.Transport &&
            preferred.RemoteEndPoint.Equals(destination) && Send(preferred, message) == SipSendResult.Sent)
        {
            return SipSendResult.Sent;
        }

        if (Connections.TryFind(target.Transport, destination, out var existing) && Send(existing, message) == SipSendResult.Sent)
        {
            return SipSendResult.Sent;
        }

        if (target.Transport.IsWebSocket())
        {
            return SipSendResult.NotConnectable;
        }

        return PickListener(target.Transport, destination, target.Listener) is null ? SipSendResult.NoSuitableListener : SipSendResult.NeedsConnection;
    }

    public ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, SipSendTarget target, CancellationToken cancellationToken = default)
    {
        var result = TrySend(message.Span, target);
        if (result != SipSendResult.NeedsConnection)
        {
            return new(result);
        }

        var destination = SipConnectionTable.Normalize(target.EndPoint);
        var listener = PickListener(target.Transport, destination, target.Listener)!;
        return ConnectAndSendAsync(message, listener, destination, target.TlsServerName, cancellationToken);
    }

    public SipSendResult SendOnConnection(ReadOnlySpan<byte> message, long connectionId)
    {
        if (message.Length > _maxMessageSize)
        {
            return SipSendResult.MessageTooLarge;
        }

        return Connections.TryGet(connectionId, out var connection) ? Send(connection, message) : SipSendResult.ConnectionClosed;
    }

    private SipSendResult SendDatagram(ReadOnlySpan<byte> message, IPEndPoint destination, SipListener? requested)
    {
        var listener = PickListener(SipTransportKind.Udp, destination, requested);
        return listener?.Udp is { } udp ? udp.Send(message, destination) : SipSendResult.NoSuitableListener;
    }

    private SipListener? PickListener(SipTransportKind transport, IPEndPoint destination, SipListener? requested)
    {
        if (requested is not null)
        {
            return requested.Transport == transport && SipListenerSet.CanReach(requested, destination.Address) ? requested : null;
        }

        return Listeners.Select(transport, destination.Address);
    }

    private SipSendResult Send(SipConnection connection, ReadOnlySpan<byte> message)
    {
        var result = connection.Send(message);
        if (result == SipSendResult.Sent)
        {
            _metrics.Sent(connection.Transport, message.Length);
        }

        return result;
    }

    private async ValueTask<SipSendResult> ConnectAndSendAsync(ReadOnlyMemory<byte> message, SipListener listener, IPEndPoint destination, string? serverName, CancellationToken cancellationToken)
    {
        var (connection, failure) = await _connector.ConnectAsync(listener, destination, serverName, cancellationToken).ConfigureAwait(false);
        return connection is null ? failure : Send(connection, message.Span);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Not sending a {Length}-octet message to {Destination} over {Transport}: larger than {MaxMessageSize}")]
        public static partial void TooLarge(ILogger logger, SipTransportKind transport, IPEndPoint destination, int length, int maxMessageSize);
    }
}
