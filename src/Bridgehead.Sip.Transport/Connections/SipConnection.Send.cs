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
    /// queue, and a peer that lets the queue overflow is disconnected.
    /// </summary>
    internal SipSendResult Send(ReadOnlySpan<byte> message)
    {
        lock (_sendLock)
        {
            if (IsClosed)
            {
                return SipSendResult.ConnectionClosed;
            }

            if (_flushPending)
            {
                if (_queuedBytes + message.Length > _sendQueueLimit)
                {
                    // Abort takes _sendLock again; Lock is re-entrant.
                    Abort(SipConnectionCloseReason.SendQueueFull);
                    return SipSendResult.ConnectionClosed;
                }

                (_sendQueue ??= new Queue<byte[]>()).Enqueue(message.ToArray());
                _queuedBytes += message.Length;
                MarkActivity();
                return SipSendResult.Sent;
            }

            try
            {
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
