using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.WebSockets;
using Bridgehead.Sip.Transport.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transport.WebSockets;

/// <summary>
/// The read side of a WS/WSS connection after the handshake: frames (RFC 6455 §5), one SIP message
/// per WebSocket message (RFC 7118 §5.1), pings answered with pongs, CRLF keep-alives answered
/// (RFC 5626 §4.4.1), the peer's Close answered; anything else closes with a code that says why.
/// </summary>
internal sealed partial class SipWebSocketReceiver
{
    private static readonly byte[] CrlfPong = "\r\n"u8.ToArray();

    private readonly SipMessageHandlerAccessor _handler;
    private readonly SipConnectionTable _table;
    private readonly SipTransportMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int _maxMessageSize;

    public SipWebSocketReceiver(
        SipMessageHandlerAccessor handler,
        SipConnectionTable table,
        SipTransportMetrics metrics,
        IOptions<SipTransportOptions> options,
        ILogger<SipWebSocketReceiver> logger)
    {
        _handler = handler;
        _table = table;
        _metrics = metrics;
        _logger = logger;
        var o = options.Value;
        _maxMessageSize = o.WebSocket.MaxFrameSize > 0 ? o.WebSocket.MaxFrameSize : o.MaxMessageSize;
    }

    /// <summary>Reads until the peer closes, the connection is closed or a frame is refused; then removes it from the table.</summary>
    public async Task RunAsync(SipConnection connection, SipWebSocketSession session)
    {
        var input = session.Input;
        var fallback = SipConnectionCloseReason.RemoteClosed;
        Fragments? fragments = null;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                if (connection.IsClosed || result.IsCanceled)
                {
                    break;
                }

                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    connection.MarkActivity();
                }

                var go = Process(connection, session, ref buffer, ref fragments);
                input.AdvanceTo(buffer.Start, result.Buffer.End);
                if (!go || result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            if (!connection.IsClosed)
            {
                Log.ReadFailed(_logger, connection.Id, connection.RemoteEndPoint, e.Message);
            }
        }
        finally
        {
            fragments?.Dispose();
            await input.CompleteAsync().ConfigureAwait(false);
            _table.Remove(connection, fallback);
            if (connection.HasPendingOutput)
            {
                // The Close frame is stuck behind a peer that does not read.
                session.AbortTransport();
            }
        }
    }

    // Handles every whole frame in the buffer and leaves the buffer at the first incomplete one; false when reading must stop.
    private bool Process(SipConnection connection, SipWebSocketSession session, ref ReadOnlySequence<byte> buffer, ref Fragments? fragments)
    {
        while (true)
        {
            var status = WebSocketFrameReader.TryReadHeader(buffer, _maxMessageSize, requireMask: true, out var header, out var error);
            if (status == WebSocketFrameStatus.NeedMore || (status == WebSocketFrameStatus.Header && buffer.Length < header.FrameLength))
            {
                connection.SetIncomplete(!buffer.IsEmpty || fragments is { Length: > 0 });
                return true;
            }

            if (status == WebSocketFrameStatus.Error)
            {
                return Refuse(connection, session, error);
            }

            var payload = buffer.Slice(header.HeaderLength, header.PayloadLength);
            buffer = buffer.Slice(header.FrameLength);
            var go = header.Opcode.IsControl()
                ? OnControl(connection, session, header, payload)
                : OnData(connection, session, header, payload, ref fragments);
            if (!go)
            {
                return false;
            }
        }
    }

    private bool OnControl(SipConnection connection, SipWebSocketSession session, in WebSocketFrameHeader header, in ReadOnlySequence<byte> payload)
    {
        Span<byte> data = stackalloc byte[WebSocketFrameReader.MaxControlPayload];
        data = data[..(int)header.PayloadLength];
        payload.CopyTo(data);
        WebSocketFrameReader.Unmask(data, header.MaskKey, 0);
        switch (header.Opcode)
        {
            case WebSocketOpcode.Ping:
                // §5.5.3: a Pong with the Ping's payload.
                connection.SendControl(WebSocketOpcode.Pong, data);
                return true;
            case WebSocketOpcode.Pong:
                return true;
            default:
                if (!TryReadClose(data, out var code))
                {
                    return Refuse(connection, session, WebSocketFrameError.BadClose);
                }

                Log.PeerClosed(_logger, connection.Id, connection.RemoteEndPoint, code is { } c ? (int)c : 1005);
                session.AnswerClose(code);
                return false;
        }
    }

    private bool OnData(SipConnection connection, SipWebSocketSession session, in WebSocketFrameHeader header, in ReadOnlySequence<byte> payload, ref Fragments? fragments)
    {
        var continuing = fragments?.Opcode is not null;
        if (header.Opcode == WebSocketOpcode.Continuation ? !continuing : continuing)
        {
            return Refuse(connection, session, WebSocketFrameError.BadFragmentation);
        }

        byte[] message;
        WebSocketOpcode opcode;
        if (header.Opcode != WebSocketOpcode.Continuation && header.Fin)
        {
            // The usual case: one frame, one SIP message, unmasked straight into the array the handler will own.
            message = new byte[header.PayloadLength];
            payload.CopyTo(message);
            WebSocketFrameReader.Unmask(message, header.MaskKey, 0);
            opcode = header.Opcode;
        }
        else
        {
            fragments ??= new Fragments();
            if (fragments.Length + header.PayloadLength > _maxMessageSize)
            {
                return Refuse(connection, session, WebSocketFrameError.MessageTooBig);
            }

            fragments.Append(header, payload, _maxMessageSize);
            if (!header.Fin)
            {
                return true;
            }

            (message, opcode) = fragments.Take();
        }

        if (opcode == WebSocketOpcode.Text && !System.Text.Unicode.Utf8.IsValid(message))
        {
            return Refuse(connection, session, WebSocketFrameError.InvalidUtf8);
        }

        connection.SetIncomplete(false);
        switch (SipWebSocketPayload.Classify(message))
        {
            case SipWebSocketPayloadKind.Message:
                Deliver(connection, message);
                return true;
            case SipWebSocketPayloadKind.KeepAlivePing:
                connection.Send(CrlfPong);
                return true;
            case SipWebSocketPayloadKind.KeepAlivePong:
                return true;
            default:
                return Refuse(connection, session, WebSocketFrameError.NotSip);
        }
    }

    private void Deliver(SipConnection connection, byte[] data)
    {
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

    private bool Refuse(SipConnection connection, SipWebSocketSession session, WebSocketFrameError error)
    {
        var (reason, drop) = error switch
        {
            WebSocketFrameError.MessageTooBig => (SipConnectionCloseReason.MessageTooLarge, SipDropReason.MessageTooLarge),
            WebSocketFrameError.InvalidUtf8 or WebSocketFrameError.NotSip => (SipConnectionCloseReason.InvalidPayload, SipDropReason.InvalidPayload),
            _ => (SipConnectionCloseReason.ProtocolError, SipDropReason.ProtocolError),
        };
        _metrics.Dropped(connection.Transport, drop);
        Log.Refused(_logger, connection.Id, connection.Transport, connection.RemoteEndPoint, error, (int)error.CloseStatus());
        session.Fail(reason, error.CloseStatus(), error.CloseReason());
        return false;
    }

    // §5.5.1 and §7.4: an empty body, or a code that may be sent on the wire and a UTF-8 reason.
    private static bool TryReadClose(ReadOnlySpan<byte> data, out WebSocketCloseStatus? code)
    {
        code = null;
        if (data.IsEmpty)
        {
            return true;
        }

        if (data.Length == 1)
        {
            return false;
        }

        var value = BinaryPrimitives.ReadUInt16BigEndian(data);
        var valid = value is (>= 1000 and <= 1003) or (>= 1007 and <= 1011) or (>= 3000 and <= 4999);
        code = (WebSocketCloseStatus)value;
        return valid && System.Text.Unicode.Utf8.IsValid(data[2..]);
    }

    /// <summary>A message arriving in several frames (§5.4); rare from browsers, so kept apart from the usual path.</summary>
    private sealed class Fragments : IDisposable
    {
        private byte[]? _buffer;

        public WebSocketOpcode? Opcode { get; private set; }

        public int Length { get; private set; }

        public void Append(in WebSocketFrameHeader header, in ReadOnlySequence<byte> payload, int max)
        {
            Opcode ??= header.Opcode;
            _buffer ??= ArrayPool<byte>.Shared.Rent(max);
            var target = _buffer.AsSpan(Length, (int)header.PayloadLength);
            payload.CopyTo(target);
            WebSocketFrameReader.Unmask(target, header.MaskKey, 0);
            Length += (int)header.PayloadLength;
        }

        public (byte[] Message, WebSocketOpcode Opcode) Take()
        {
            var message = _buffer.AsSpan(0, Length).ToArray();
            var opcode = Opcode!.Value;
            Dispose();
            return (message, opcode);
        }

        public void Dispose()
        {
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }

            Length = 0;
            Opcode = null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Connection {ConnectionId} over {Transport} from {Remote}: {Error}; closing with {CloseCode}")]
        public static partial void Refused(ILogger logger, long connectionId, SipTransportKind transport, IPEndPoint remote, WebSocketFrameError error, int closeCode);

        [LoggerMessage(2, LogLevel.Debug, "Connection {ConnectionId} from {Remote} sent Close {CloseCode}")]
        public static partial void PeerClosed(ILogger logger, long connectionId, IPEndPoint remote, int closeCode);

        [LoggerMessage(3, LogLevel.Error, "The message handler failed on a message from {Remote} (connection {ConnectionId})")]
        public static partial void HandlerFailed(ILogger logger, long connectionId, IPEndPoint remote, Exception exception);

        [LoggerMessage(4, LogLevel.Debug, "Connection {ConnectionId} to {Remote} ended: {Error}")]
        public static partial void ReadFailed(ILogger logger, long connectionId, IPEndPoint remote, string error);
    }
}
