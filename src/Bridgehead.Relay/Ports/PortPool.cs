namespace Bridgehead.Relay.Ports;

/// <summary>
/// The RTP/RTCP port pairs of one interface: RTP on an even port, RTCP on the odd port after it
/// (RFC 3550 §11). Pairs are handed out first-in first-out, so a pair freed by a call that just
/// ended is the last to be reused and stray packets of that call cannot reach the next one.
/// Thread-safe; only session control takes and returns pairs.
/// </summary>
internal sealed class PortPool
{
    private readonly Queue<int> _free;
    private readonly HashSet<int> _taken = [];
    private readonly Lock _lock = new();

    public PortPool(int portMin, int portMax)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(portMin, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(portMax, 65535);
        var first = portMin % 2 == 0 ? portMin : portMin + 1;
        _free = new Queue<int>(Math.Max(0, (portMax - first + 1) / 2));
        for (var port = first; port + 1 <= portMax; port += 2)
        {
            _free.Enqueue(port);
        }

        Capacity = _free.Count;
    }

    /// <summary>Pairs in the range.</summary>
    public int Capacity { get; }

    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _taken.Count;
            }
        }
    }

    /// <summary>The RTP port of a free pair; false when every pair is taken.</summary>
    public bool TryTake(out int rtpPort)
    {
        lock (_lock)
        {
            if (_free.TryDequeue(out rtpPort))
            {
                _taken.Add(rtpPort);
                return true;
            }

            return false;
        }
    }

    /// <summary>Gives a pair back; it joins the end of the queue.</summary>
    public void Return(int rtpPort)
    {
        lock (_lock)
        {
            if (_taken.Remove(rtpPort))
            {
                _free.Enqueue(rtpPort);
            }
        }
    }
}
