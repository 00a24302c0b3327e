using System.Buffers.Text;
using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// Active health: every <see cref="PoolHealthOptions.ProbeInterval"/> each probed destination gets
/// an OPTIONS (RFC 3261 §11) on its own client transaction; a reply in
/// <see cref="PoolHealthOptions.AliveReplies"/> within <see cref="PoolHealthOptions.ProbeTimeout"/>
/// counts as alive, anything else as a failure. A destination still answering the previous probe
/// is not probed again. Results go to the <see cref="HealthUpdater"/>.
/// </summary>
public sealed partial class OptionsProber : IDisposable
{
    private readonly PoolState _state;
    private readonly TransactionLayer _transactions;
    private readonly LocalAddresses _local;
    private readonly NextHop _nextHop;
    private readonly HealthUpdater _health;
    private readonly PoolHealthOptions _options;
    private readonly ProxyOptions _proxy;
    private readonly TimeProvider _time;
    private readonly PoolMetrics _metrics;
    private readonly ILogger<OptionsProber> _logger;
    private readonly BranchGenerator _branches;
    private readonly Dictionary<DestinationState, OptionsProbe> _inFlight = [];
    private readonly Lock _gate = new();
    private readonly (int Low, int High)[] _alive;
    private ITimer? _timer;
    private long _sequence;

    public OptionsProber(
        PoolState state,
        TransactionLayer transactions,
        LocalAddresses local,
        NextHop nextHop,
        HealthUpdater health,
        IOptions<PoolOptions> options,
        IOptions<ProxyOptions> proxy,
        TimeProvider time,
        PoolMetrics metrics,
        ILogger<OptionsProber> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(proxy);
        _state = state;
        _transactions = transactions;
        _local = local;
        _nextHop = nextHop;
        _health = health;
        _options = options.Value.Health;
        _proxy = proxy.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _branches = new BranchGenerator((uint)Random.Shared.Next());
        _alive = [.. _options.AliveReplies.Select(r => AliveReply.TryParse(r, out var range) ? range : (0, -1))];
    }

    /// <summary>Starts probing: a first round at once, then one per interval.</summary>
    public void Start()
    {
        _timer ??= _time.CreateTimer(static s => ((OptionsProber)s!).ProbeAll(), this, TimeSpan.Zero, _options.ProbeInterval);
    }

    public void Dispose()
    {
        _timer?.Dispose();
        List<OptionsProbe> pending;
        lock (_gate)
        {
            pending = [.. _inFlight.Values];
            _inFlight.Clear();
        }

        foreach (var p in pending)
        {
            p.Cancel();
        }
    }

    /// <summary>One round: a probe to every probed destination that has none under way.</summary>
    public void ProbeAll()
    {
        foreach (var destination in _state.Current.Probed)
        {
            try
            {
                _ = ProbeAsync(destination);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.ProbeFailed(_logger, destination.Key, ex);
            }
        }
    }

    /// <summary>Whether a probe reply's status counts as alive.</summary>
    public bool IsAlive(int status)
    {
        foreach (var (low, high) in _alive)
        {
            if (status >= low && status <= high)
            {
                return true;
            }
        }

        return false;
    }

    private async Task ProbeAsync(DestinationState destination)
    {
        var probe = new OptionsProbe(this, destination);
        lock (_gate)
        {
            if (!_inFlight.TryAdd(destination, probe))
            {
                return;
            }
        }

        try
        {
            var resolved = destination.Destination;
            if (resolved is null || !NextHop.TryParseAddress(destination.Uri.Host.Span, out _))
            {
                // Host names are resolved again at each probe (the cache of NextHop decides how often DNS is asked).
                resolved = await _nextHop.ResolveAsync(destination.Uri, CancellationToken.None).ConfigureAwait(false);
                destination.Destination = resolved ?? destination.Destination;
            }

            if (resolved is not { } target)
            {
                probe.Finish(alive: false, "the host does not resolve");
                return;
            }

            var listener = _local.ChooseListener(target.Transport, target.EndPoint.AddressFamily);
            if (listener is null)
            {
                probe.Finish(alive: false, $"no {target.Transport.Scheme()} listener to send from");
                return;
            }

            Span<byte> branch = stackalloc byte[BranchGenerator.MaxLength];
            var length = _branches.Write(branch, (ulong)Interlocked.Increment(ref _sequence));
            var branchId = branch[..length].ToArray();
            var request = BuildOptions(destination, listener, branchId);
            probe.Arm(_options.ProbeTimeout);
            destination.CountProbe();
            probe.Transaction = _transactions.StartClient(request, SipMethod.Options, "OPTIONS"u8.ToArray(), branchId, target with { ListenerId = listener.Id }, probe);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.ProbeFailed(_logger, destination.Key, ex);
            probe.Finish(alive: false, "the probe could not be sent");
        }
    }

    private byte[] BuildOptions(DestinationState destination, SipListenerInfo listener, byte[] branch)
    {
        Span<byte> id = stackalloc byte[16];
        Utf8Formatter.TryFormat((ulong)Random.Shared.NextInt64(), id, out var n, new System.Buffers.StandardFormat('x', 16));
        using var writer = new SipMessageWriter(512);
        writer.Write("OPTIONS "u8).Write(destination.Uri.Text.Span).Write(" SIP/2.0\r\n"u8);
        writer.Write("Via: SIP/2.0/"u8).Write(listener.Transport.ViaToken()).Write((byte)' ').Write(listener.HostPort).Write(";branch="u8).Write(branch).Write(";rport\r\n"u8);
        writer.WriteHeader(HeaderId.MaxForwards, 70);
        writer.Write("From: <sip:bridgehead@"u8).Write(_local.PrimaryDomain).Write(">;tag="u8).Write(id[..n]).WriteCrlf();
        writer.Write("To: <"u8).Write(destination.Uri.Text.Span).Write(">\r\n"u8);
        writer.Write("Call-ID: "u8).Write(id[..n]).Write("-probe@bridgehead\r\n"u8);
        writer.Write("CSeq: 1 OPTIONS\r\n"u8);
        writer.WriteHeader(HeaderId.UserAgent, _proxy.ServerHeader);
        writer.Write("Accept: application/sdp\r\n"u8);
        writer.WriteBody(default);
        return writer.ToArray();
    }

    private void OnProbeDone(OptionsProbe probe, bool alive, string? reason)
    {
        lock (_gate)
        {
            if (_inFlight.TryGetValue(probe.Destination, out var current) && ReferenceEquals(current, probe))
            {
                _inFlight.Remove(probe.Destination);
            }
        }

        _metrics.Probed(alive);
        _health.Report(probe.Destination, alive ? HealthSignal.ProbeAlive : HealthSignal.ProbeFailed, reason);
    }

    /// <summary>One OPTIONS under way: the first of its reply, its failure and its deadline decides.</summary>
    private sealed class OptionsProbe(OptionsProber prober, DestinationState destination) : IClientTransactionOwner
    {
        private ITimer? _deadline;
        private int _done;

        public DestinationState Destination { get; } = destination;

        public ClientTransaction? Transaction { get; set; }

        public void Arm(TimeSpan timeout) =>
            _deadline = prober._time.CreateTimer(static s => ((OptionsProbe)s!).OnDeadline(), this, timeout, Timeout.InfiniteTimeSpan);

        public void OnResponse(ClientTransaction transaction, SipMessage response)
        {
            if (response.StatusCode >= 200)
            {
                var alive = prober.IsAlive(response.StatusCode);
                Finish(alive, alive ? null : $"{response.StatusCode} to OPTIONS");
            }
        }

        public void OnFailure(ClientTransaction transaction, TransactionFailure failure) =>
            Finish(alive: false, failure == TransactionFailure.Timeout ? "no answer to OPTIONS" : "transport error on OPTIONS");

        public void Cancel()
        {
            Interlocked.Exchange(ref _done, 1);
            _deadline?.Dispose();
            Transaction?.Abandon();
        }

        public void Finish(bool alive, string? reason)
        {
            if (Interlocked.Exchange(ref _done, 1) != 0)
            {
                return;
            }

            _deadline?.Dispose();
            prober.OnProbeDone(this, alive, reason);
        }

        private void OnDeadline()
        {
            // The transaction would retransmit until Timer F (32 s); the probe has its answer.
            Transaction?.Abandon();
            Finish(alive: false, "no answer to OPTIONS");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Probing {Destination} failed")]
        public static partial void ProbeFailed(ILogger logger, string destination, Exception exception);
    }
}

/// <summary>Parses the probe replies that count as alive: "2xx" (a class) or "404" (a code).</summary>
public static class AliveReply
{
    public static bool TryParse(string? text, out (int Low, int High) range)
    {
        range = (0, -1);
        var t = text?.Trim() ?? "";
        if (t.Length == 3 && t[0] is >= '1' and <= '6' && (t[1..] is "xx" or "XX"))
        {
            var c = (t[0] - '0') * 100;
            range = (c, c + 99);
            return true;
        }

        if (t.Length == 3 && int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) && code is >= 100 and < 700)
        {
            range = (code, code);
            return true;
        }

        return false;
    }
}
