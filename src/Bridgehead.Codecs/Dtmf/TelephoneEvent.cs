using System.Buffers.Binary;

namespace Bridgehead.Codecs.Dtmf;

/// <summary>Why a telephone-event payload was refused.</summary>
public enum TelephoneEventError : byte
{
    None,

    /// <summary>Shorter than the 4 octets of one event (RFC 4733 §2.3).</summary>
    TooShort,

    /// <summary>A payload may carry several events back to back (§2.5.1.5), so its length is a multiple of 4.</summary>
    BadLength,
}

/// <summary>
/// One named-event report of RFC 4733 §2.3: the event code, the E (end) bit, the volume in
/// −dBm0 (0–63) and the duration in RTP timestamp units since the event began (the packet's
/// timestamp is the event's start, §2.5.1.2).
/// </summary>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    public const int Length = 4;

    /// <summary>Reads the first event of a payload (later ones, if any, are redundant reports of earlier events).</summary>
    public static TelephoneEventError TryRead(ReadOnlySpan<byte> payload, out TelephoneEvent value)
    {
        value = default;
        if (payload.Length < Length)
        {
            return TelephoneEventError.TooShort;
        }

        if (payload.Length % Length != 0)
        {
            return TelephoneEventError.BadLength;
        }

        // Octet 1: E | R (reserved, ignored by receivers, §2.3.3) | volume(6).
        value = new TelephoneEvent(payload[0], (payload[1] & 0x80) != 0, (byte)(payload[1] & 0x3F), BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return TelephoneEventError.None;
    }

    /// <summary>Writes the 4 octets (R bit zero, as senders must, §2.3.3); returns 4.</summary>
    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException("a telephone-event needs 4 octets", nameof(destination));
        }

        destination[0] = Event;
        destination[1] = (byte)((End ? 0x80 : 0) | (Volume & 0x3F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
        return Length;
    }

    /// <summary>The DTMF character of a DTMF event code (RFC 4733 §3.2, Table 7), or '\0'.</summary>
    public char Digit => DtmfEvents.ToDigit(Event);
}
