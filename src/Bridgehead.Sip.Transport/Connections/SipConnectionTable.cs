using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transport.Connections;

/// <summary>
/// Every open stream connection, by id and by (transport, remote endpoint) for reuse (RFC 3261
/// §18). Owns connection lifetime: idle connections without a lease and connections stuck on a
/// half-sent message are closed by sweeps on a <see cref="TimeProvider"/> timer.
/// </summary>
public sealed partial class SipConnectionTable : IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<long, SipConnection> _byId = new();
    private readonly ConcurrentDictionary<(SipTransportKind, IPEndPoint), SipConnection> _byRemote = new();
    private readonly ISipConnectionObserver[] _observers;
    private readonly SipTransportMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;
    private readonly int _maxConnections;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _incompleteTimeout;
    private long _lastId;
    private int _count;
    private int _stopping;

    public SipConnectionTable(
        IOptions<SipTransportOptions> options,
        TimeProvider time,
        IEnumerable<ISipConnectionObserver> observers,
        SipTransportMetrics metrics,
        ILogger<SipConnectionTable> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _maxConnections = o.MaxConnections;
        _idleTimeout = o.IdleTimeout;
        _incompleteTimeout = o.IncompleteMessageTimeout;
        _time = time;
        _observers = observers.ToArray();
        _metrics = metrics;
        _logger = logger;
        _sweep = time.CreateTimer(static state => ((SipConnectionTable)state!).Sweep(), this, SweepInterval, SweepInterval);
    }

    /// <summary>Open connections.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The open connection with this id.</summary>
    public bool TryGet(long connectionId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SipConnection? connection) =>
        _byId.TryGetValue(connectionId, out connection) && !connection.IsClosed;

    /// <summary>An open connection to <paramref name="remote"/> over <paramref name="transport"/> (the most recent one).</summary>
    public bool TryFind(SipTransportKind transport, IPEndPoint remote, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SipConnection? connection)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return _byRemote.TryGetValue((transport, Normalize(remote)), out connection) && !connection.IsClosed;
    }

    /// <summary>
    /// Keeps the connection open until at least <paramref name="until"/> whatever its idleness. The
    /// registrar calls this when it saves a binding that is reached over this connection, with the
    /// binding's expiry, so a connection never dies before the registration it carries (the field
    /// outage: connections closed after 120 s idle while registrations lasted 180 s). A lease only
    /// ever grows; after it ends the idle timeout applies again.
    /// </summary>
    /// <returns>False when no such connection is open.</returns>
    public bool ExtendLease(long connectionId, DateTimeOffset until)
    {
        if (!TryGet(connectionId, out var connection))
        {
            return false;
        }

        connection.ExtendLease(until);
        return true;
    }

    /// <summary>Closes a connection; observers hear <see cref="SipConnectionCloseReason.ClosedLocally"/>.</summary>
    public bool Close(long connectionId) =>
        TryGet(connectionId, out var connection) && connection.Abort(SipConnectionCloseReason.ClosedLocally);

    /// <summary>A snapshot of the open connections.</summary>
    public IReadOnlyList<SipConnection> GetAll() => _byId.Values.Where(c => !c.IsClosed).ToArray();

    public void Dispose() => _sweep.Dispose();

    internal long NextId() => Interlocked.Increment(ref _lastId);

    internal bool HasRoom => Volatile.Read(ref _count) < _maxConnections;

    /// <summary>Adds a connection unless the table is full.</summary>
    internal bool TryAdd(SipConnection connection)
    {
        if (Interlocked.Increment(ref _count) > _maxConnections)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        _byId[connection.Id] = connection;
        _byRemote[(connection.Transport, connection.RemoteEndPoint)] = connection;
        _metrics.ConnectionOpened(connection.Transport);
        Log.Opened(_logger, connection.Id, connection.Transport, connection.RemoteEndPoint, connection.LocalEndPoint, connection.IsOutbound);
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnOpened(connection);
            }
            catch (Exception e)
            {
                Log.ObserverFailed(_logger, connection.Id, e);
            }
        }

        // A connection whose TLS handshake ends while the transport stops missed AbortAll; left
        // open, it held the host's shutdown for Kestrel's whole shutdown timeout (30 s).
        if (Volatile.Read(ref _stopping) != 0)
        {
            connection.Abort(SipConnectionCloseReason.Shutdown);
        }

        return true;
    }

    /// <summary>Removes a connection once its reader has ended; reports the first recorded reason.</summary>
    internal void Remove(SipConnection connection, SipConnectionCloseReason fallbackReason)
    {
        connection.Abort(fallbackReason);
        if (!_byId.TryRemove(connection.Id, out _))
        {
            return;
        }

        _byRemote.TryRemove(new KeyValuePair<(SipTransportKind, IPEndPoint), SipConnection>((connection.Transport, connection.RemoteEndPoint), connection));
        Interlocked.Decrement(ref _count);
        var reason = connection.CloseReason ?? fallbackReason;
        _metrics.ConnectionClosed(connection.Transport);
        Log.Closed(_logger, connection.Id, connection.Transport, connection.RemoteEndPoint, reason);
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnClosed(connection, reason);
            }
            catch (Exception e)
            {
                Log.ObserverFailed(_logger, connection.Id, e);
            }
        }
    }

    /// <summary>Closes every connection (transport stopping).</summary>
    internal void AbortAll()
    {
        Interlocked.Exchange(ref _stopping, 1);
        foreach (var connection in _byId.Values)
        {
            connection.Abort(SipConnectionCloseReason.Shutdown);
        }
    }

    // IPv4 peers on a dual-mode IPv6 socket appear as ::ffff:a.b.c.d; keep one spelling per peer.
    internal static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private void Sweep()
    {
        var now = _time.GetUtcNow();

        // Enumerating the dictionary itself takes no lock and copies nothing; its Values property
        // would lock every bucket and copy 10,000 connections into a new list every second.
        foreach (var (_, connection) in _byId)
        {
            if (connection.IsClosed)
            {
                continue;
            }

            if (connection.IncompleteLongerThan(_incompleteTimeout))
            {
                Log.IncompleteMessageTimeout(_logger, connection.Id, connection.Transport, connection.RemoteEndPoint, _incompleteTimeout);
                _metrics.Dropped(connection.Transport, SipDropReason.IncompleteMessage);
                connection.Abort(SipConnectionCloseReason.IncompleteMessageTimeout);
            }
            else if (connection.IsIdle(now, _idleTimeout))
            {
                connection.Abort(SipConnectionCloseReason.IdleTimeout);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Connection {ConnectionId} opened: {Transport} {Remote} -> {Local} (outbound: {Outbound})")]
        public static partial void Opened(ILogger logger, long connectionId, SipTransportKind transport, IPEndPoint remote, IPEndPoint local, bool outbound);

        [LoggerMessage(2, LogLevel.Debug, "Connection {ConnectionId} closed: {Transport} {Remote}, {Reason}")]
        public static partial void Closed(ILogger logger, long connectionId, SipTransportKind transport, IPEndPoint remote, SipConnectionCloseReason reason);

        [LoggerMessage(3, LogLevel.Warning, "Connection {ConnectionId} from {Remote} over {Transport} left a message unfinished for {Timeout}; closing")]
        public static partial void IncompleteMessageTimeout(ILogger logger, long connectionId, SipTransportKind transport, IPEndPoint remote, TimeSpan timeout);

        [LoggerMessage(4, LogLevel.Error, "A connection observer failed for connection {ConnectionId}")]
        public static partial void ObserverFailed(ILogger logger, long connectionId, Exception exception);
    }
}
