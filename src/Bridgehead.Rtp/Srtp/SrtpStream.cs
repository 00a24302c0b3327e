namespace Bridgehead.Rtp.Srtp;

/// <summary>
/// Per-SSRC state of a context: the rollover counter and highest sequence number (s_l) of RFC
/// 3711 §3.3.1, the SRTP and SRTCP replay windows, and the next SRTCP index to send.
/// </summary>
internal sealed class SrtpStream
{
    public const long MaxRtpIndex = (1L << 48) - 1;
    public const uint MaxRtcpIndex = 0x7FFFFFFF;

    private bool _started;

    public SrtpStream(uint ssrc, int replayWindowSize)
    {
        Ssrc = ssrc;
        RtpReplay = new SrtpReplayWindow(replayWindowSize);
        RtcpReplay = new SrtpReplayWindow(replayWindowSize);
    }

    public uint Ssrc { get; }

    public uint RolloverCounter { get; private set; }

    public ushort HighestSequence { get; private set; }

    public SrtpReplayWindow RtpReplay { get; }

    public SrtpReplayWindow RtcpReplay { get; }

    public uint NextRtcpIndex { get; set; }

    /// <summary>
    /// The packet index i = 2^16 * v + SEQ with v guessed as RFC 3711 Appendix A does; -1 when
    /// the guess falls before ROC 0 (a packet from before the stream began).
    /// </summary>
    public long EstimateIndex(ushort sequence) => _started
        ? Estimate(RolloverCounter, HighestSequence, sequence)
        : ((long)RolloverCounter << 16) | sequence;

    public static long Estimate(uint rolloverCounter, ushort highestSequence, ushort sequence)
    {
        long v = rolloverCounter;
        if (highestSequence < 32768)
        {
            if (sequence - highestSequence > 32768)
            {
                v--;
            }
        }
        else if (highestSequence - 32768 > sequence)
        {
            v++;
        }

        return v < 0 ? -1 : (v << 16) | sequence;
    }

    /// <summary>Advances ROC and s_l when <paramref name="index"/> is the highest so far.</summary>
    public void Advance(long index)
    {
        if (!_started || index > (((long)RolloverCounter << 16) | HighestSequence))
        {
            RolloverCounter = (uint)(index >> 16);
            HighestSequence = (ushort)index;
            _started = true;
        }
    }

    /// <summary>Sets the ROC for a stream whose start was missed (RFC 4568 §6.4 carries it out of band).</summary>
    public void SetRolloverCounter(uint rolloverCounter)
    {
        RolloverCounter = rolloverCounter;
        _started = false;
    }
}
