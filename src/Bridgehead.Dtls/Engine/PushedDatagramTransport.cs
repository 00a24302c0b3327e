using System.Buffers;
using Org.BouncyCastle.Tls;

namespace Bridgehead.Dtls.Engine;

/// <summary>
/// BouncyCastle's <see cref="DatagramTransport"/> over datagrams the relay pushes in (it owns the
/// socket and demultiplexes by first byte, RFC 7983) and a sender it supplies. Inbound datagrams
/// wait in a bounded queue: when it is full the newest is dropped, which DTLS retransmission
/// recovers from. One datagram is one receive, never merged or split.
/// </summary>
internal sealed class PushedDatagramTransport : DatagramTransport
{
    private readonly IDtlsDatagramSender _sender;
    private readonly int _receiveLimit;
    private readonly int _sendLimit;
    private readonly int _capacity;
    private readonly Queue<(byte[] Buffer, int Length)> _queue = new();
    // A plain object: the receive wait needs Monitor.Wait/Pulse, which System.Threading.Lock does not offer.
    private readonly object _lock = new();
    private bool _closed;
    private long _dropped;

    public PushedDatagramTransport(IDtlsDatagramSender sender, int receiveLimit, int sendLimit, int capacity)
    {
        _sender = sender;
        _receiveLimit = receiveLimit;
        _sendLimit = sendLimit;
        _capacity = capacity;
    }

    /// <summary>Datagrams dropped because the queue was full, they were too long, or the transport was closed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Counts a datagram dropped before it reached the queue.</summary>
    public void CountDropped() => Interlocked.Increment(ref _dropped);

    /// <summary>Copies a datagram into the queue; false when it was dropped.</summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > _receiveLimit || datagram.IsEmpty)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        lock (_lock)
        {
            if (_closed || _queue.Count >= _capacity)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            _queue.Enqueue((buffer, datagram.Length));
            Monitor.Pulse(_lock);
            return true;
        }
    }

    public int GetReceiveLimit() => _receiveLimit;

    public int GetSendLimit() => _sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>
    /// Waits up to <paramref name="waitMillis"/> (0 = until a datagram or close, as a socket
    /// timeout of 0 means in BouncyCastle's own UDP transport) and returns -1 on timeout. The
    /// wait is on the real clock because BouncyCastle measures its retransmission timers on it.
    /// </summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        var deadline = waitMillis > 0 ? Environment.TickCount64 + waitMillis : long.MaxValue;
        (byte[] Buffer, int Length) datagram;
        lock (_lock)
        {
            while (_queue.Count == 0)
            {
                if (_closed)
                {
                    // Throwing (rather than returning -1) stops BouncyCastle's receive loop at once
                    // instead of letting it spin until its own wait runs out.
                    throw new IOException("DTLS datagram transport closed");
                }

                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                {
                    return -1;
                }

                Monitor.Wait(_lock, (int)Math.Min(remaining, int.MaxValue));
            }

            datagram = _queue.Dequeue();
        }

        try
        {
            if (datagram.Length > buffer.Length)
            {
                // BouncyCastle sizes its buffer from GetReceiveLimit, so this cannot happen; drop rather than truncate.
                Interlocked.Increment(ref _dropped);
                return -1;
            }

            datagram.Buffer.AsSpan(0, datagram.Length).CopyTo(buffer);
            return datagram.Length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(datagram.Buffer);
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        // After close BouncyCastle may still try to send a late alert; the session is over, drop it.
        if (IsClosed)
        {
            return;
        }

        _sender.Send(buffer);
    }

    public void Close()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            while (_queue.TryDequeue(out var datagram))
            {
                ArrayPool<byte>.Shared.Return(datagram.Buffer);
            }

            Monitor.PulseAll(_lock);
        }
    }
}
