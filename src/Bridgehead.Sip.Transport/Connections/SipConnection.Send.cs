using System.Buffers;
using System.IO.Pipelines;

namespace Bridgehead.Sip.Transport.Connections;

public sealed partial class SipConnection
{
    private readonly PipeWriter _output;
    private readonly Action _abortTransport;
    private readonly int _sendQueueLimit;
    private readonly Lock _sendLock = new();
    private Queue<byte[]>? _sendQueue;
    private int _queuedBytes;
    private bool _flushPending;

    /// <summary>
    /// Writes one message. Completes synchronously: while the socket keeps up the octets go straight
    /// into the output pipe; while an earlier flush waits on a slow peer they are copied to a bounded
    /// queue, and a peer that lets the queue overflow is disconnected. On a WebSocket connection the
    /// message goes out as one unfragmented frame (RFC 7118 §5.1): text when it is UTF-8, as SIP
    /// usually is, else binary.
    /// </summary>
    internal SipSendResult Send(ReadOnlySpan<byte> message)
    {
        if (!_webSocket)
        {
            return Write(default, message, checkClosed: true);
        }

        Span<byte> header = stackalloc byte[WebSockets.WebSocketFrameReader.MaxHeaderLength];
        var opcode = System.Text.Unicode.Utf8.IsValid(message) ? WebSockets.WebSocketOpcode.Text : WebSockets.WebSocketOpcode.Binary;
        var n = WebSockets.WebSocketFrameWriter.WriteHeader(header, opcode, message.Length);
        return Write(header[..n], message, checkClosed: true);
    }

    /// <summary>
    /// Writes a WebSocket control frame (Pong, Close). A Close goes out even after the connection has
    /// been marked closed, as its last words.
    /// </summary>
    internal SipSendResult SendControl(WebSockets.WebSocketOpcode opcode, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[WebSockets.WebSocketFrameReader.MaxHeaderLength];
        var n = WebSockets.WebSocketFrameWriter.WriteHeader(header, opcode, payload.Length);
        return Write(header[..n], payload, checkClosed: opcode != WebSockets.WebSocketOpcode.Close);
    }

    /// <summary>True while octets wait for a slow peer.</summary>
    internal bool HasPendingOutput
    {
        get
        {
            lock (_sendLock)
            {
                return _flushPending;
            }
        }
    }

    private SipSendResult Write(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> message, bool checkClosed)
    {
        lock (_sendLock)
        {
            if (checkClosed && IsClosed)
            {
                return SipSendResult.ConnectionClosed;
            }

            if (_flushPending)
            {
                var length = prefix.Length + message.Length;
                if (_queuedBytes + length > _sendQueueLimit)
                {
                    // Abort takes _sendLock again; Lock is re-entrant.
                    Abort(SipConnectionCloseReason.SendQueueFull);
                    return SipSendResult.ConnectionClosed;
                }

                var copy = new byte[length];
                prefix.CopyTo(copy);
                message.CopyTo(copy.AsSpan(prefix.Length));
                (_sendQueue ??= new Queue<byte[]>()).Enqueue(copy);
                _queuedBytes += length;
                MarkActivity();
                return SipSendResult.Sent;
            }

            try
            {
                if (!prefix.IsEmpty)
                {
                    _output.Write(prefix);
                }

                _output.Write(message);
                if (!CompleteOrPend(_output.FlushAsync()))
                {
                    return SipSendResult.ConnectionClosed;
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                Abort(SipConnectionCloseReason.TransportError);
                return SipSendResult.ConnectionClosed;
            }
        }

        MarkActivity();
        return SipSendResult.Sent;
    }

    // Under _sendLock. False when the pipe says the connection is gone.
    private bool CompleteOrPend(ValueTask<FlushResult> flush)
    {
        if (flush.IsCompletedSuccessfully)
        {
            var result = flush.Result;
            if (result.IsCompleted || result.IsCanceled)
            {
                Abort(SipConnectionCloseReason.RemoteClosed);
                return false;
            }

            return true;
        }

        _flushPending = true;
        _ = DrainAsync(flush);
        return true;
    }

    private async Task DrainAsync(ValueTask<FlushResult> flush)
    {
        while (true)
        {
            try
            {
                var result = await flush.ConfigureAwait(false);
                if (result.IsCompleted || result.IsCanceled)
                {
                    Abort(SipConnectionCloseReason.RemoteClosed);
                    return;
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                Abort(SipConnectionCloseReason.TransportError);
                return;
            }

            lock (_sendLock)
            {
                if (IsClosed || _sendQueue is not { Count: > 0 })
                {
                    _flushPending = false;
                    return;
                }

                while (_sendQueue.TryDequeue(out var queued))
                {
                    _output.Write(queued);
                }

                _queuedBytes = 0;
                flush = _output.FlushAsync();
            }
        }
    }
}
