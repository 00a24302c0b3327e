namespace Bridgehead.Benchmarks.Pool;

/// <summary>
/// A clock that moves only when told to, with timers that fire during <see cref="Advance"/> (the
/// benchmark project carries no testing package, and needs only this much of one).
/// </summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    public void Advance(TimeSpan by)
    {
        var until = _now + by;
        while (true)
        {
            ManualTimer? next = null;
            lock (_timers)
            {
                _timers.RemoveAll(t => t.Disposed);
                foreach (var t in _timers)
                {
                    if (t.Due is { } due && due <= until && (next is null || due < next.Due))
                    {
                        next = t;
                    }
                }
            }

            if (next is null)
            {
                _now = until;
                return;
            }

            _now = next.Due!.Value > _now ? next.Due.Value : _now;
            next.Fire();
        }
    }

    private sealed class ManualTimer(ManualTime time, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? Due { get; private set; }

        public bool Disposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : time._now + dueTime;
            _period = period;
            return !Disposed;
        }

        public void Fire()
        {
            Due = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : Due + _period;
            callback(state);
        }

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
