using System.Buffers.Binary;
using Bridgehead.Codecs.G711;

namespace Bridgehead.Codecs.Wav;

/// <summary>
/// Reads RIFF/WAVE files: PCM of 8, 16, 24 or 32 bits, 32-bit IEEE float, G.711 A-law and
/// µ-law, plain or in WAVE_FORMAT_EXTENSIBLE, any rate and channel count, into 16-bit samples.
/// Unknown chunks (LIST, fact, cue …) are skipped; chunks are padded to even sizes (RIFF).
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatALaw = 6;
    private const ushort FormatMuLaw = 7;
    private const ushort FormatExtensible = 0xFFFE;

    public static WavError TryRead(ReadOnlySpan<byte> file, out WavAudio? audio)
    {
        audio = null;
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            return WavError.NotRiffWave;
        }

        // The RIFF size is often wrong in files written by streaming tools; trust the chunks.
        var position = 12;
        ushort format = 0, channels = 0, blockAlign = 0, bits = 0;
        uint sampleRate = 0;
        var haveFormat = false;
        while (position + 8 <= file.Length)
        {
            var id = file.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(position + 4));
            var body = position + 8;
            if (id.SequenceEqual("data"u8))
            {
                if (!haveFormat)
                {
                    return WavError.MissingFormat;
                }

                // A data chunk that runs past the end (a recording cut short) is read as far as it goes.
                var available = (int)Math.Min(size, (uint)(file.Length - body));
                return Decode(file.Slice(body, available), format, channels, sampleRate, blockAlign, bits, out audio);
            }

            if (size > (uint)(file.Length - body))
            {
                return WavError.Truncated;
            }

            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16)
                {
                    return WavError.MissingFormat;
                }

                var fmt = file.Slice(body, (int)size);
                format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
                sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
                if (format == FormatExtensible)
                {
                    // cbSize(2) validBits(2) channelMask(4) then the sub-format GUID, whose first two octets are the tag.
                    if (size < 26)
                    {
                        return WavError.UnsupportedFormat;
                    }

                    format = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
                }

                haveFormat = true;
            }

            position = body + (int)size + (int)(size & 1);
        }

        return haveFormat ? WavError.MissingData : WavError.MissingFormat;
    }

    private static WavError Decode(ReadOnlySpan<byte> data, ushort format, ushort channels, uint sampleRate, ushort blockAlign, ushort bits, out WavAudio? audio)
    {
        audio = null;
        if (channels == 0 || sampleRate == 0 || sampleRate > 384_000 || bits == 0)
        {
            return WavError.InvalidFormat;
        }

        var width = format switch
        {
            FormatPcm when bits is 8 or 16 or 24 or 32 => bits / 8,
            FormatFloat when bits == 32 => 4,
            FormatALaw or FormatMuLaw when bits == 8 => 1,
            _ => 0,
        };
        if (width == 0)
        {
            return WavError.UnsupportedFormat;
        }

        if (blockAlign != width * channels)
        {
            return WavError.InvalidFormat;
        }

        var count = data.Length / width;
        count -= count % channels;
        var samples = new short[count];
        for (var i = 0; i < count; i++)
        {
            var s = data.Slice(i * width, width);
            samples[i] = (format, width) switch
            {
                (FormatPcm, 1) => (short)((s[0] - 128) << 8), // 8-bit WAV is unsigned
                (FormatPcm, 2) => BinaryPrimitives.ReadInt16LittleEndian(s),
                (FormatPcm, 3) => (short)(s[1] | (s[2] << 8)),
                (FormatPcm, 4) => (short)(BinaryPrimitives.ReadInt32LittleEndian(s) >> 16),
                (FormatFloat, _) => FromFloat(BinaryPrimitives.ReadSingleLittleEndian(s)),
                (FormatALaw, _) => ALaw.Decode(s[0]),
                _ => MuLaw.Decode(s[0]),
            };
        }

        audio = new WavAudio((int)sampleRate, channels, samples);
        return WavError.None;
    }

    private static short FromFloat(float value)
    {
        var scaled = value * 32768.0;
        return scaled >= short.MaxValue ? short.MaxValue : scaled <= short.MinValue ? short.MinValue : (short)Math.Round(scaled);
    }
}
