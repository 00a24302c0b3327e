namespace Bridgehead.Codecs.Dtmf;

/// <summary>
/// Produces the packets of one event at a fixed packet time (RFC 4733 §2.5.1): a first packet
/// with the marker bit, updates with growing duration, and the end packet sent three times, all
/// with the event's start timestamp. Call <see cref="Next"/> once per packet time.
/// </summary>
public sealed class TelephoneEventSender
{
    private const int EndRepeats = 3;

    private readonly int _unitsPerPacket;
    private byte _event;
    private byte _volume;
    private int _durationUnits;
    private int _elapsed;
    private int _endsSent;

    /// <param name="unitsPerPacket">RTP timestamp units per packet time: 160 for 20 ms at 8000 Hz.</param>
    public TelephoneEventSender(int unitsPerPacket)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(unitsPerPacket, 1);
        _unitsPerPacket = unitsPerPacket;
        _endsSent = EndRepeats;
    }

    /// <summary>True from <see cref="Start"/> until the last end packet went out.</summary>
    public bool IsSending => _endsSent < EndRepeats;

    /// <summary>Begins an event lasting <paramref name="durationUnits"/> (rounded up to whole packets; at most 65535).</summary>
    public void Start(byte eventCode, int durationUnits, byte volume = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(durationUnits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(volume, (byte)63);
        _event = eventCode;
        _volume = volume;
        _durationUnits = Math.Min(((durationUnits + _unitsPerPacket - 1) / _unitsPerPacket) * _unitsPerPacket, ushort.MaxValue);
        _elapsed = 0;
        _endsSent = 0;
    }

    /// <summary>The next packet's payload; <paramref name="marker"/> is set on the first packet of the event.</summary>
    /// <returns>Octets written (4), or 0 when no event is being sent.</returns>
    public int Next(Span<byte> payload, out bool marker)
    {
        marker = false;
        if (!IsSending)
        {
            return 0;
        }

        if (_elapsed < _durationUnits)
        {
            marker = _elapsed == 0;
            _elapsed = Math.Min(_elapsed + _unitsPerPacket, _durationUnits);
            if (_elapsed < _durationUnits)
            {
                return new TelephoneEvent(_event, false, _volume, (ushort)_elapsed).WriteTo(payload);
            }
        }

        _endsSent++;
        return new TelephoneEvent(_event, true, _volume, (ushort)_durationUnits).WriteTo(payload);
    }
}
