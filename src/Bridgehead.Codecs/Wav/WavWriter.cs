using System.Buffers.Binary;

namespace Bridgehead.Codecs.Wav;

/// <summary>Writes 16-bit PCM as a canonical RIFF/WAVE file (44-octet header: RIFF, fmt, data).</summary>
public static class WavWriter
{
    public const int HeaderLength = 44;

    /// <summary>The file size for this many samples (all channels).</summary>
    public static int GetLength(int sampleCount) => HeaderLength + (sampleCount * 2);

    public static byte[] Write(ReadOnlySpan<short> samples, int sampleRate, int channels = 1)
    {
        var file = new byte[GetLength(samples.Length)];
        Write(samples, sampleRate, channels, file);
        return file;
    }

    /// <summary>Writes into <paramref name="destination"/>, which must hold <see cref="GetLength"/> octets.</summary>
    public static int Write(ReadOnlySpan<short> samples, int sampleRate, int channels, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (samples.Length % channels != 0)
        {
            throw new ArgumentException("interleaved samples must fill every channel", nameof(samples));
        }

        var length = GetLength(samples.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException("destination too small", nameof(destination));
        }

        var dataLength = samples.Length * 2;
        "RIFF"u8.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)(36 + dataLength));
        "WAVE"u8.CopyTo(destination[8..]);
        "fmt "u8.CopyTo(destination[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[20..], 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(destination[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], (uint)(sampleRate * channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[32..], (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[34..], 16);
        "data"u8.CopyTo(destination[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[40..], (uint)dataLength);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(destination[(HeaderLength + (2 * i))..], samples[i]);
        }

        return length;
    }
}
