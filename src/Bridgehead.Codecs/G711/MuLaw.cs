namespace Bridgehead.Codecs.G711;

/// <summary>
/// ITU-T G.711 µ-law (PCMU, RTP payload type 0): 14-bit linear samples companded to 8 bits in
/// eight segments. 16-bit input is scaled down by 4 (the two low bits carry nothing µ-law can
/// keep) and decoded values are scaled back up, so decode(0xFF) is 0 and the extremes are
/// ±32124. Code words are transmitted with all bits inverted (G.711 §3.2, Table 2b).
/// </summary>
public static class MuLaw
{
    // The bias of 33 (in 14-bit units) makes every segment's end points powers of two minus 33,
    // so the segment is the position of the top bit of (magnitude + 33).
    private const int Bias = 33;

    // The largest magnitude before the bias: 8158 + 33 = 8191 is the top of segment 7. (The
    // recommendation's overload point is 8159, which lands on the same code word 0x7F.)
    private const int Clip = 8158;

    private static readonly short[] DecodeTable = BuildDecodeTable();

    /// <summary>Compands one 16-bit linear sample.</summary>
    public static byte Encode(short sample)
    {
        int value = sample >> 2;
        int mask;
        if (value < 0)
        {
            value = -value;
            mask = 0x7F;
        }
        else
        {
            mask = 0xFF;
        }

        if (value > Clip)
        {
            value = Clip;
        }

        value += Bias;
        var segment = 31 - int.LeadingZeroCount(value) - 5; // value >= 33: top bit 5..13 gives segment 0..7
        var step = (value >> (segment + 1)) & 0x0F;
        return (byte)(((segment << 4) | step) ^ mask);
    }

    /// <summary>Expands one code word to a 16-bit linear sample.</summary>
    public static short Decode(byte code) => DecodeTable[code];

    /// <summary>Compands a frame; <paramref name="destination"/> needs one octet per sample.</summary>
    public static void Encode(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        if (destination.Length < samples.Length)
        {
            throw new ArgumentException("one octet per sample is needed", nameof(destination));
        }

        for (var i = 0; i < samples.Length; i++)
        {
            destination[i] = Encode(samples[i]);
        }
    }

    /// <summary>Expands a frame; <paramref name="destination"/> needs one sample per octet.</summary>
    public static void Decode(ReadOnlySpan<byte> codes, Span<short> destination)
    {
        if (destination.Length < codes.Length)
        {
            throw new ArgumentException("one sample per octet is needed", nameof(destination));
        }

        var table = DecodeTable;
        for (var i = 0; i < codes.Length; i++)
        {
            destination[i] = table[codes[i]];
        }
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (var code = 0; code < 256; code++)
        {
            var inverted = ~code & 0xFF;
            var segment = (inverted >> 4) & 0x07;
            var step = inverted & 0x0F;

            // Mid-point of the quantisation interval: ((2·step + 33) << segment) − 33 in 14-bit units.
            var magnitude = (((2 * step) + Bias) << segment) - Bias;
            table[code] = (short)((inverted & 0x80) != 0 ? -magnitude * 4 : magnitude * 4);
        }

        return table;
    }
}
