namespace Bridgehead.Sip.Transactions;

/// <summary>Something the scheduler calls back when its deadline passes.</summary>
internal interface IScheduled
{
    /// <summary>Called on the scheduler's callback; <paramref name="version"/> tells whether this deadline is still the current one.</summary>
    void OnDeadline(int version);
}

/// <summary>
/// All transaction timers of a layer on ONE <see cref="TimeProvider"/> timer: deadlines wait in a
/// priority queue, the timer is armed for the earliest, and every deadline that has passed when
/// it fires is handled in that one callback. A transaction timer per transaction would cost a
/// thread-pool dispatch per deadline; here a busy server pays one per <see cref="SipTimerOptions.Granularity"/>.
/// Timers never fire early; they fire at most one granularity late. A deadline that is replaced
/// stays queued and is ignored when it comes up (its version is stale).
/// </summary>
internal sealed class TransactionScheduler : IDisposable
{
    private readonly TimeProvider _time;
    private readonly long _granularityTicks;
    private readonly PriorityQueue<(IScheduled Target, int Version), long> _queue = new();
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue;
    private bool _disposed;

    public TransactionScheduler(TimeProvider time, TimeSpan granularity)
    {
        _time = time;
        _granularityTicks = Math.Max(granularity.Ticks, 0);
        _timer = time.CreateTimer(static s => ((TransactionScheduler)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Schedule(IScheduled target, DateTimeOffset due, int version)
    {
        var ticks = RoundUp(due.UtcTicks);
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _queue.Enqueue((target, version), ticks);
            if (ticks < _armedFor)
            {
                Arm(ticks);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _queue.Clear();
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        List<(IScheduled Target, int Version)>? due = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            while (_queue.TryPeek(out var entry, out var ticks) && ticks <= now)
            {
                _queue.Dequeue();
                (due ??= []).Add(entry);
            }

            _armedFor = long.MaxValue;
            if (_queue.TryPeek(out _, out var next))
            {
                Arm(next);
            }
        }

        if (due is null)
        {
            return;
        }

        foreach (var (target, version) in due)
        {
            target.OnDeadline(version);
        }
    }

    private void Arm(long ticks)
    {
        _armedFor = ticks;
        var delay = TimeSpan.FromTicks(Math.Max(ticks - _time.GetUtcNow().UtcTicks, 0));
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private long RoundUp(long ticks) =>
        _granularityTicks <= 1 ? ticks : ((ticks + _granularityTicks - 1) / _granularityTicks) * _granularityTicks;
}
