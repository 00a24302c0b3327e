namespace Bridgehead.Relay.Forwarding;

/// <summary>
/// Per-stream counts of what its peer sent us (rtpengine's per-stream "stats" in query): packets
/// and bytes that were accepted for relaying, datagrams refused, and when the last one came.
/// Written by the worker thread only.
/// </summary>
internal sealed class StreamCounters
{
    private long _rtpPackets;
    private long _rtpBytes;
    private long _rtcpPackets;
    private long _rtcpBytes;
    private long _errors;
    private long _lastPacket;

    public long RtpPackets => Volatile.Read(ref _rtpPackets);

    public long RtpBytes => Volatile.Read(ref _rtpBytes);

    public long RtcpPackets => Volatile.Read(ref _rtcpPackets);

    public long RtcpBytes => Volatile.Read(ref _rtcpBytes);

    public long Errors => Volatile.Read(ref _errors);

    /// <summary>TimeProvider timestamp of the last datagram accepted from the peer; 0 before the first.</summary>
    public long LastPacket => Volatile.Read(ref _lastPacket);

    public void Received(bool rtcp, int bytes, long now)
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

        Volatile.Write(ref _lastPacket, now);
    }

    public void Error() => _errors++;

    /// <summary>A connectivity check or DTLS record also proves the peer is there.</summary>
    public void Touched(long now) => Volatile.Write(ref _lastPacket, now);
}
