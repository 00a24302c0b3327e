using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Bridgehead.Sip.Transport.Connections;
using Bridgehead.Sip.Transport.Streams;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transport.WebSockets;

/// <summary>
/// Kestrel's entry for WS and WSS listeners (TLS already terminated by <c>UseHttps</c>): runs the
/// opening handshake (RFC 6455 §4.2, "sip" subprotocol required by RFC 7118 §4, Origin
/// allow-list), then registers the connection in the shared table and hands it to the frame reader.
/// A refused handshake gets an HTTP status and a one-line reason, never a WebSocket.
/// </summary>
/// <remarks>
/// The handshake is done here on the connection's pipes rather than through the HTTP pipeline, so an
/// idle registered browser costs a socket, two pipes and one small state object, not an HTTP
/// request context held for the whole shift.
/// </remarks>
internal sealed partial class SipWebSocketConnectionHandler : ConnectionHandler
{
    private readonly SipConnectionTable _table;
    private readonly SipWebSocketReceiver _receiver;
    private readonly SipTransportMetrics _metrics;
    private readonly WebSocketOriginPolicy _origins;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _handshakeTimeout;
    private readonly int _sendQueueLimit;

    public SipWebSocketConnectionHandler(
        SipConnectionTable table,
        SipWebSocketReceiver receiver,
        SipTransportMetrics metrics,
        TimeProvider time,
        IOptions<SipTransportOptions> options,
        ILogger<SipWebSocketConnectionHandler> logger)
    {
        _table = table;
        _receiver = receiver;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        var o = options.Value;
        _origins = new WebSocketOriginPolicy(o.WebSocket.AllowedOrigins);
        _handshakeTimeout = o.WebSocket.HandshakeTimeout;
        _sendQueueLimit = o.MaxSendQueue;
    }

    public override async Task OnConnectedAsync(ConnectionContext context)
    {
        var listener = context.Features.Get<SipListenerFeature>()?.Listener
            ?? throw new InvalidOperationException("A SIP WebSocket connection arrived on an endpoint that is not a SIP listener.");
        if (context.RemoteEndPoint is not IPEndPoint remoteRaw || context.LocalEndPoint is not IPEndPoint localRaw)
        {
            context.Abort();
            return;
        }

        var remote = SipConnectionTable.Normalize(remoteRaw);
        var input = context.Transport.Input;
        var output = context.Transport.Output;
        var (error, request) = await ReadHandshakeAsync(input).ConfigureAwait(false);
        if (error == WebSocketHandshakeError.None && !_origins.IsAllowed(request!.Origin))
        {
            error = WebSocketHandshakeError.OriginNotAllowed;
        }

        if (error == WebSocketHandshakeError.None && !_table.HasRoom)
        {
            error = WebSocketHandshakeError.ServerFull;
        }

        if (error != WebSocketHandshakeError.None)
        {
            _metrics.Dropped(listener.Transport, error == WebSocketHandshakeError.ServerFull ? SipDropReason.ConnectionLimit : SipDropReason.HandshakeRejected);
            Log.HandshakeRejected(_logger, listener.Transport, remote, error, request?.Origin);
            await RespondAsync(output, WebSocketHandshake.Reject(error)).ConfigureAwait(false);
            return;
        }

        if (!await RespondAsync(output, WebSocketHandshake.Accept(request!)).ConfigureAwait(false))
        {
            return;
        }

        var session = new SipWebSocketSession(context);
        var connection = new SipConnection(
            _table.NextId(),
            listener,
            remote,
            SipConnectionTable.Normalize(localRaw),
            isOutbound: false,
            _time,
            output,
            session.Close,
            _sendQueueLimit);
        session.Attach(connection);
        if (!_table.TryAdd(connection))
        {
            _metrics.Dropped(listener.Transport, SipDropReason.ConnectionLimit);
            session.Fail(SipConnectionCloseReason.ClosedLocally, System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, "too many connections");
            session.Close();
            return;
        }

        await _receiver.RunAsync(connection, session).ConfigureAwait(false);
    }

    private async Task<(WebSocketHandshakeError Error, WebSocketHandshakeRequest? Request)> ReadHandshakeAsync(PipeReader input)
    {
        using var timeout = new CancellationTokenSource(_handshakeTimeout, _time);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (WebSocketHandshake.TryFindHead(buffer, out var length))
                {
                    var error = Parse(buffer.Slice(0, length), out var request);
                    input.AdvanceTo(buffer.GetPosition(length));
                    return (error, request);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (length < 0)
                {
                    return (WebSocketHandshakeError.TooLarge, null);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    return (WebSocketHandshakeError.Malformed, null);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (WebSocketHandshakeError.Timeout, null);
        }
        catch (Exception e) when (e is IOException or ConnectionAbortedException or ConnectionResetException or InvalidOperationException)
        {
            return (WebSocketHandshakeError.Malformed, null);
        }
    }

    private static WebSocketHandshakeError Parse(in ReadOnlySequence<byte> head, out WebSocketHandshakeRequest? request)
    {
        if (head.IsSingleSegment)
        {
            return WebSocketHandshake.Parse(head.FirstSpan, out request);
        }

        return WebSocketHandshake.Parse(head.ToArray(), out request);
    }

    private static async Task<bool> RespondAsync(PipeWriter output, byte[] response)
    {
        try
        {
            var flush = await output.WriteAsync(response).ConfigureAwait(false);
            return !flush.IsCompleted && !flush.IsCanceled;
        }
        catch (Exception e) when (e is IOException or ConnectionAbortedException or ConnectionResetException or InvalidOperationException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Refused a {Transport} handshake from {Remote}: {Error} (Origin: {Origin})")]
        public static partial void HandshakeRejected(ILogger logger, SipTransportKind transport, IPEndPoint remote, WebSocketHandshakeError error, string? origin);
    }
}
