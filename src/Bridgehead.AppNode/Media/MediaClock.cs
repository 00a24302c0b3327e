namespace Bridgehead.AppNode.Media;

/// <summary>Something paced by the <see cref="MediaClock"/>: a call that sends a frame each packet time.</summary>
public interface IPacedSender
{
    /// <param name="tick">The clock's frame number; a stream reads its RTP timestamp from it, so a skipped tick leaves a gap in timestamps as a lost packet would, never a shift.</param>
    void OnTick(long tick);
}

/// <summary>
/// One 20 ms clock for every call of a node, on <see cref="TimeProvider"/>. Frame n is due at
/// start + n·20 ms exactly: each wake-up sends every frame that is due and re-arms for the next
/// one, so timer lateness never accumulates into drift (a periodic timer's period error would)
/// and the stream's long-run rate is exact. After a stall of more than
/// <see cref="MaxCatchUp"/> frames the clock skips ahead instead of bursting.
/// </summary>
public sealed class MediaClock : IDisposable
{
    public const int MaxCatchUp = 5;

    private readonly TimeProvider _time;
    private readonly TimeSpan _period;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private IPacedSender[] _streams = [];
    private long _startTicks;
    private long _tick;
    private bool _running;
    private bool _disposed;

    public MediaClock(TimeProvider time, TimeSpan? period = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _period = period ?? TimeSpan.FromMilliseconds(20);
        _timer = time.CreateTimer(static s => ((MediaClock)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Period => _period;

    /// <summary>The frame number of the last tick.</summary>
    public long Tick => Volatile.Read(ref _tick);

    public int Count => Volatile.Read(ref _streams).Length;

    public void Add(IPacedSender stream)
    {
        lock (_lock)
        {
            if (_disposed || Array.IndexOf(_streams, stream) >= 0)
            {
                return;
            }

            _streams = [.. _streams, stream];
            if (!_running)
            {
                _running = true;
                _startTicks = _time.GetUtcNow().UtcTicks;
                _tick = 0;
                _timer.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Remove(IPacedSender stream)
    {
        lock (_lock)
        {
            var i = Array.IndexOf(_streams, stream);
            if (i < 0)
            {
                return;
            }

            var rest = new IPacedSender[_streams.Length - 1];
            _streams.AsSpan(0, i).CopyTo(rest);
            _streams.AsSpan(i + 1).CopyTo(rest.AsSpan(i));
            _streams = rest;
            if (rest.Length == 0)
            {
                _running = false;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _running = false;
            _streams = [];
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        long first, last;
        IPacedSender[] streams;
        lock (_lock)
        {
            if (!_running)
            {
                return;
            }

            var due = (_time.GetUtcNow().UtcTicks - _startTicks) / _period.Ticks;
            if (due - _tick > MaxCatchUp)
            {
                _tick = due - MaxCatchUp;
            }

            first = _tick + 1;
            last = due;
            _tick = Math.Max(_tick, due);
            streams = _streams;
        }

        for (var tick = first; tick <= last; tick++)
        {
            foreach (var stream in streams)
            {
                stream.OnTick(tick);
            }
        }

        // Re-armed only after the frames went out: a one-shot timer never runs two callbacks at once.
        lock (_lock)
        {
            if (_running)
            {
                var next = _startTicks + ((_tick + 1) * _period.Ticks) - _time.GetUtcNow().UtcTicks;
                _timer.Change(TimeSpan.FromTicks(Math.Max(next, 0)), Timeout.InfiniteTimeSpan);
            }
        }
    }
}
