namespace Bridgehead.Codecs.Dtmf;

/// <summary>
/// Turns the stream of telephone-event packets into one report per event. A sender repeats
/// updates every packet time and the end packet three times (RFC 4733 §2.5.1.4); all share the
/// event's start timestamp, which is what identifies the event (§2.5.1.2), so an event is
/// reported once, at its first end packet, with its full duration. An event whose end packets
/// were all lost is reported when the next event starts.
/// </summary>
public sealed class TelephoneEventReceiver
{
    private bool _active;
    private uint _timestamp;
    private TelephoneEvent _current;
    private bool _reported;
    private bool _hasLast;
    private uint _lastReportedTimestamp;

    /// <summary>Feeds one packet's payload with its RTP timestamp; true when an event has completed.</summary>
    /// <param name="completed">The event that ended (with its final duration).</param>
    public bool Receive(ReadOnlySpan<byte> payload, uint rtpTimestamp, out TelephoneEvent completed)
    {
        completed = default;
        if (TelephoneEvent.TryRead(payload, out var value) != TelephoneEventError.None)
        {
            return false;
        }

        if (_hasLast && rtpTimestamp == _lastReportedTimestamp)
        {
            // A retransmitted end packet of an event already reported.
            return false;
        }

        var finishedEarlier = false;
        TelephoneEvent earlier = default;
        if (_active && rtpTimestamp != _timestamp && !_reported)
        {
            // A new event began while the previous one never saw its end packet.
            finishedEarlier = true;
            earlier = _current with { End = true };
        }

        _active = true;
        _timestamp = rtpTimestamp;
        _current = value;
        _reported = false;
        if (value.End)
        {
            _reported = true;
            _hasLast = true;
            _lastReportedTimestamp = rtpTimestamp;
            completed = value;
            return true;
        }

        if (finishedEarlier)
        {
            completed = earlier;
            return true;
        }

        return false;
    }
}
