using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Bridgehead.Sip.Transport.Connections;
using Bridgehead.Sip.Transport.Framing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transport.Streams;

/// <summary>
/// The read side of every stream connection, inbound (Kestrel) or outbound: frames the pipe with
/// <see cref="SipStreamFramer"/>, answers keep-alive pings, hands each message to the
/// <see cref="ISipMessageHandler"/> and reports the close to the table.
/// </summary>
internal sealed partial class SipStreamReceiver
{
    private static readonly byte[] Pong = "\r\n"u8.ToArray();

    private readonly SipMessageHandlerAccessor _handler;
    private readonly SipConnectionTable _table;
    private readonly SipTransportMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int _maxMessageSize;

    public SipStreamReceiver(
        SipMessageHandlerAccessor handler,
        SipConnectionTable table,
        SipTransportMetrics metrics,
        IOptions<SipTransportOptions> options,
        ILogger<SipStreamReceiver> logger)
    {
        _handler = handler;
        _table = table;
        _metrics = metrics;
        _logger = logger;
        _maxMessageSize = options.Value.MaxMessageSize;
    }

    /// <summary>Reads until the peer closes, the connection is aborted or framing fails; then removes it from the table.</summary>
    public async Task RunAsync(SipConnection connection, PipeReader input)
    {
        var fallback = SipConnectionCloseReason.RemoteClosed;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                if (connection.IsClosed)
                {
                    break;
                }

                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    connection.MarkActivity();
                }

                if (!Process(connection, ref buffer, out var consumed, out var examined, out var failure))
                {
                    fallback = failure;
                    break;
                }

                input.AdvanceTo(consumed, examined);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            // Aborted by us (the reason is already recorded) or reset by the peer.
            if (!connection.IsClosed)
            {
                Log.ReadFailed(_logger, connection.Id, connection.RemoteEndPoint, e.Message);
            }
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
            _table.Remove(connection, fallback);
        }
    }

    // Frames everything complete in the buffer; false when the stream cannot go on.
    private bool Process(SipConnection connection, ref ReadOnlySequence<byte> buffer, out SequencePosition consumed, out SequencePosition examined, out SipConnectionCloseReason failure)
    {
        failure = default;
        while (true)
        {
            var frame = SipStreamFramer.Read(buffer, _maxMessageSize, out consumed, out examined);
            switch (frame.Status)
            {
                case SipFrameStatus.Message:
                    connection.SetIncomplete(false);
                    Deliver(connection, frame.Message);
                    buffer = buffer.Slice(consumed);
                    break;

                case SipFrameStatus.KeepAlivePing:
                    // RFC 5626 §4.4.1: a double-CRLF ping is answered with a single CRLF pong.
                    connection.Send(Pong);
                    buffer = buffer.Slice(consumed);
                    break;

                case SipFrameStatus.NeedMore:
                    connection.SetIncomplete(frame.MessageStarted);
                    return true;

                default:
                    failure = Reject(connection, frame.Error);
                    return false;
            }
        }
    }

    private void Deliver(SipConnection connection, in ReadOnlySequence<byte> message)
    {
        var data = message.ToArray();
        _metrics.Received(connection.Transport, data.Length);
        try
        {
            _handler.Handler.OnMessage(new SipInboundMessage(data, connection.Listener, connection.RemoteEndPoint, connection.Id));
        }
        catch (Exception e)
        {
            _metrics.Dropped(connection.Transport, SipDropReason.HandlerFailed);
            Log.HandlerFailed(_logger, connection.Id, connection.RemoteEndPoint, e);
        }
    }

    private SipConnectionCloseReason Reject(SipConnection connection, SipFramingError error)
    {
        if (error == SipFramingError.MessageTooLarge)
        {
            _metrics.Dropped(connection.Transport, SipDropReason.MessageTooLarge);
            Log.MessageTooLarge(_logger, connection.Id, connection.Transport, connection.RemoteEndPoint, _maxMessageSize);
            connection.Abort(SipConnectionCloseReason.MessageTooLarge);
            return SipConnectionCloseReason.MessageTooLarge;
        }

        _metrics.Dropped(connection.Transport, SipDropReason.BadFraming);
        Log.BadFraming(_logger, connection.Id, connection.Transport, connection.RemoteEndPoint, error);
        connection.Abort(SipConnectionCloseReason.BadContentLength);
        return SipConnectionCloseReason.BadContentLength;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Connection {ConnectionId} from {Remote} over {Transport} sent a message larger than {MaxMessageSize} octets; closing")]
        public static partial void MessageTooLarge(ILogger logger, long connectionId, SipTransportKind transport, IPEndPoint remote, int maxMessageSize);

        [LoggerMessage(2, LogLevel.Warning, "Connection {ConnectionId} from {Remote} over {Transport} cannot be framed ({Error}); closing")]
        public static partial void BadFraming(ILogger logger, long connectionId, SipTransportKind transport, IPEndPoint remote, SipFramingError error);

        [LoggerMessage(3, LogLevel.Error, "The message handler failed on a message from {Remote} (connection {ConnectionId})")]
        public static partial void HandlerFailed(ILogger logger, long connectionId, IPEndPoint remote, Exception exception);

        [LoggerMessage(4, LogLevel.Debug, "Connection {ConnectionId} to {Remote} ended: {Error}")]
        public static partial void ReadFailed(ILogger logger, long connectionId, IPEndPoint remote, string error);
    }
}
