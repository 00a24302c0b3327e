namespace Bridgehead.Codecs.Dtmf;

/// <summary>The DTMF event codes of RFC 4733 §3.2 (Table 7): 0–9, * = 10, # = 11, A–D = 12–15.</summary>
public static class DtmfEvents
{
    public const byte Star = 10;
    public const byte Pound = 11;

    /// <summary>The event code of a DTMF character (0–9, *, #, A–D, case-insensitive); false for anything else.</summary>
    public static bool TryGetEvent(char digit, out byte eventCode)
    {
        eventCode = digit switch
        {
            >= '0' and <= '9' => (byte)(digit - '0'),
            '*' => Star,
            '#' => Pound,
            >= 'A' and <= 'D' => (byte)(12 + digit - 'A'),
            >= 'a' and <= 'd' => (byte)(12 + digit - 'a'),
            _ => byte.MaxValue,
        };
        return eventCode != byte.MaxValue;
    }

    /// <summary>The character of a DTMF event code, or '\0' for other events (tones, line events).</summary>
    public static char ToDigit(byte eventCode) => eventCode switch
    {
        <= 9 => (char)('0' + eventCode),
        Star => '*',
        Pound => '#',
        <= 15 => (char)('A' + eventCode - 12),
        _ => '\0',
    };
}
