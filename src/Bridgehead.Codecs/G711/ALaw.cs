namespace Bridgehead.Codecs.G711;

/// <summary>
/// ITU-T G.711 A-law (PCMA, RTP payload type 8): 13-bit linear samples companded to 8 bits in
/// eight segments (the first two share one step size). 16-bit input is scaled down by 8 and
/// decoded values back up, so the smallest magnitudes decode to ±8 and the extremes to ±32256.
/// Even bits of the code word are inverted on the line (G.711 §3.3, Table 1b: XOR 0x55).
/// </summary>
public static class ALaw
{
    private static readonly short[] DecodeTable = BuildDecodeTable();

    /// <summary>Compands one 16-bit linear sample.</summary>
    public static byte Encode(short sample)
    {
        int value = sample >> 3;
        int sign;
        if (value >= 0)
        {
            sign = 0x80;
        }
        else
        {
            // One's complement for negatives, as the recommendation's decision values are symmetric.
            value = -value - 1;
            sign = 0x00;
        }

        if (value > 0xFFF)
        {
            value = 0xFFF;
        }

        int code;
        if (value < 32)
        {
            // Segments 0 and 1 share the step size of 2 (in 13-bit units).
            code = value >> 1;
        }
        else
        {
            var segment = 31 - int.LeadingZeroCount(value) - 4; // top bit 5..11 gives segment 1..7
            code = (segment << 4) | ((value >> segment) & 0x0F);
        }

        return (byte)((code | sign) ^ 0x55);
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
            var value = code ^ 0x55;
            var segment = (value >> 4) & 0x07;
            var step = value & 0x0F;

            // Mid-point of the interval in 13-bit units: (2·step + 1) in segment 0, then
            // (2·step + 33) << (segment − 1); scaled by 8 to 16 bits.
            var magnitude = segment == 0 ? (2 * step) + 1 : ((2 * step) + 33) << (segment - 1);
            magnitude *= 8;
            table[code] = (short)((value & 0x80) != 0 ? magnitude : -magnitude);
        }

        return table;
    }
}
