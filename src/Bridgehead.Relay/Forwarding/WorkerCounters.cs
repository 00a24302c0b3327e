namespace Bridgehead.Relay.Forwarding;

/// <summary>
/// What one worker relayed and dropped. Written by the worker thread alone (plain increments, no
/// interlocked cost per packet); read by metrics and statistics from other threads, which may see
/// a value a few packets old.
/// </summary>
internal sealed class WorkerCounters
{
    private readonly long[] _drops = new long[DropReasons.Count];
    private long _rtpPackets;
    private long _rtpBytes;
    private long _rtcpPackets;
    private long _rtcpBytes;
    private long _stunAnswered;
    private long _stunRejected;

    public long RtpPackets => Volatile.Read(ref _rtpPackets);

    public long RtpBytes => Volatile.Read(ref _rtpBytes);

    public long RtcpPackets => Volatile.Read(ref _rtcpPackets);

    public long RtcpBytes => Volatile.Read(ref _rtcpBytes);

    /// <summary>Connectivity checks answered with a success response.</summary>
    public long StunAnswered => Volatile.Read(ref _stunAnswered);

    /// <summary>Connectivity checks answered with an error (bad credentials, role conflict, …).</summary>
    public long StunRejected => Volatile.Read(ref _stunRejected);

    public long Dropped(DropReason reason) => Volatile.Read(ref _drops[(int)reason]);

    public long TotalDropped
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _drops.Length; i++)
            {
                total += Volatile.Read(ref _drops[i]);
            }

            return total;
        }
    }

    public void Relayed(bool rtcp, int bytes)
    {
        if (rtcp)
        {
            _rtcpPackets++;
            _rtcpBytes += bytes;
        }
        else
        {
            _rtpPackets++;
            _rtpBytes += bytes;
        }
    }

    public void Drop(DropReason reason) => _drops[(int)reason]++;

    public void StunAnsweredOne() => _stunAnswered++;

    public void StunRejectedOne() => _stunRejected++;
}
