namespace Bridgehead.WsLoad;

/// <summary>Counters shared by every connection.</summary>
internal sealed class LoadStats
{
    private long _sent;
    private long _ok;
    private long _failed;
    private long _closed;
    private long _latencyTicks;

    public long SentCount => Interlocked.Read(ref _sent);

    public long OkCount => Interlocked.Read(ref _ok);

    public long FailedCount => Interlocked.Read(ref _failed);

    public long ClosedCount => Interlocked.Read(ref _closed);

    public double MeanLatencyMs => OkCount == 0 ? 0 : TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks) / OkCount).TotalMilliseconds;

    public void Sent() => Interlocked.Increment(ref _sent);

    public void Ok(TimeSpan latency)
    {
        Interlocked.Increment(ref _ok);
        Interlocked.Add(ref _latencyTicks, latency.Ticks);
    }

    public void Failed() => Interlocked.Increment(ref _failed);

    /// <summary>A refusal; the first one is shown, since it usually explains all the others.</summary>
    public void Failed(string response)
    {
        if (Interlocked.Increment(ref _failed) == 1)
        {
            Console.WriteLine($"FIRST_FAILURE {response.Split("\r\n")[0]}");
        }
    }

    public void Closed() => Interlocked.Increment(ref _closed);
}
