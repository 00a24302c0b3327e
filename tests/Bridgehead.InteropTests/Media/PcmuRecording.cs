namespace Bridgehead.InteropTests.Media;

/// <summary>
/// A PCMU recording for sipp's rtp_stream: a WAV file (format 7, G.711 µ-law, 8 kHz mono) holding
/// a 440 Hz tone, written with the G.711 µ-law encoder of ITU-T G.711 (bias 0x84, clip 32635).
/// </summary>
internal static class PcmuRecording
{
    public static void Write(string path, TimeSpan length)
    {
        var samples = (int)(length.TotalSeconds * 8000);
        using var file = new BinaryWriter(File.Create(path));
        file.Write("RIFF"u8);
        file.Write(36 + samples);
        file.Write("WAVEfmt "u8);
        file.Write(16);
        file.Write((short)7);
        file.Write((short)1);
        file.Write(8000);
        file.Write(8000);
        file.Write((short)1);
        file.Write((short)8);
        file.Write("data"u8);
        file.Write(samples);
        for (var i = 0; i < samples; i++)
        {
            file.Write(Encode((short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000))));
        }
    }

    private static byte Encode(short pcm)
    {
        const int Bias = 0x84;
        const int Clip = 32635;
        var sign = (pcm >> 8) & 0x80;
        int magnitude = sign != 0 ? -pcm : pcm;
        magnitude = Math.Min(magnitude, Clip) + Bias;
        var exponent = 7;
        for (var mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        var mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }
}
