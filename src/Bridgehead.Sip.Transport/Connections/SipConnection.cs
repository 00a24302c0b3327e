using System.IO.Pipelines;
using System.Net;

namespace Bridgehead.Sip.Transport.Connections;

/// <summary>
/// One stream connection (TCP, TLS, WS or WSS), inbound or outbound. The public members
/// are what the proxy and registrar read; sending goes through <see cref="ISipTransport"/>.
/// </summary>
public sealed partial class SipConnection
{
    private readonly TimeProvider _time;
    private long _lastActivityTicks;
    private long _leaseUntilTicks;
    private long _incompleteSinceTimestamp;
    private int _closeReason = -1;
    private readonly bool _webSocket;

    internal SipConnection(
        long id,
        SipListener listener,
        IPEndPoint remoteEndPoint,
        IPEndPoint localEndPoint,
        bool isOutbound,
        TimeProvider time,
        PipeWriter output,
        Action abortTransport,
        int sendQueueLimit)
    {
        Id = id;
        Listener = listener;
        Transport = listener.Transport;
        RemoteEndPoint = remoteEndPoint;
        LocalEndPoint = localEndPoint;
        IsOutbound = isOutbound;
        _time = time;
        OpenedAt = time.GetUtcNow();
        _lastActivityTicks = OpenedAt.UtcTicks;
        _output = output;
        _abortTransport = abortTransport;
        _sendQueueLimit = sendQueueLimit;
        _webSocket = listener.Transport.IsWebSocket();
    }

    /// <summary>Unique within this transport instance, never 0, never reused.</summary>
    public long Id { get; }

    public SipTransportKind Transport { get; }

    /// <summary>The listener that accepted it, or on whose behalf it was opened.</summary>
    public SipListener Listener { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>True when this side opened the connection.</summary>
    public bool IsOutbound { get; }

    public DateTimeOffset OpenedAt { get; }

    /// <summary>When octets last went in either direction.</summary>
    public DateTimeOffset LastActivity => new(Volatile.Read(ref _lastActivityTicks), TimeSpan.Zero);

    /// <summary>Until when the connection is kept open regardless of idleness (see <see cref="SipConnectionTable.ExtendLease"/>).</summary>
    public DateTimeOffset LeaseUntil => new(Volatile.Read(ref _leaseUntilTicks), TimeSpan.Zero);

    public bool IsClosed => Volatile.Read(ref _closeReason) >= 0;

    /// <summary>Why it closed, once it has.</summary>
    public SipConnectionCloseReason? CloseReason =>
        Volatile.Read(ref _closeReason) is var r and >= 0 ? (SipConnectionCloseReason)r : null;

    public override string ToString() =>
        $"{Transport.Scheme()}#{Id} {LocalEndPoint}->{RemoteEndPoint}{(IsOutbound ? " (outbound)" : string.Empty)}";

    internal void MarkActivity() => Volatile.Write(ref _lastActivityTicks, _time.GetUtcNow().UtcTicks);

    internal void ExtendLease(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        var current = Volatile.Read(ref _leaseUntilTicks);
        while (ticks > current)
        {
            var seen = Interlocked.CompareExchange(ref _leaseUntilTicks, ticks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Set by the reader: a message has begun (0 = none pending).</summary>
    internal void SetIncomplete(bool pending)
    {
        if (!pending)
        {
            Volatile.Write(ref _incompleteSinceTimestamp, 0);
        }
        else if (Volatile.Read(ref _incompleteSinceTimestamp) == 0)
        {
            // GetTimestamp can be 0 only at the very start of a fake clock; 1 tick later is harmless.
            Volatile.Write(ref _incompleteSinceTimestamp, Math.Max(1, _time.GetTimestamp()));
        }
    }

    internal bool IncompleteLongerThan(TimeSpan timeout)
    {
        var since = Volatile.Read(ref _incompleteSinceTimestamp);
        return since != 0 && _time.GetElapsedTime(since) >= timeout;
    }

    internal bool IsIdle(DateTimeOffset now, TimeSpan idleTimeout) =>
        now.UtcTicks >= Volatile.Read(ref _leaseUntilTicks) &&
        now.UtcTicks - Volatile.Read(ref _lastActivityTicks) >= idleTimeout.Ticks;

    /// <summary>Records the reason (the first one wins) and tears the transport down; the reader reports the close.</summary>
    internal bool Abort(SipConnectionCloseReason reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, (int)reason, -1) != -1)
        {
            return false;
        }

        lock (_sendLock)
        {
            _sendQueue?.Clear();
        }

        _abortTransport();
        return true;
    }
}
