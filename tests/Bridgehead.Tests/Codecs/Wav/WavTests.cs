using System.Buffers.Binary;
using Bridgehead.Codecs.G711;
using Bridgehead.Codecs.Wav;

namespace Bridgehead.Tests.Codecs.Wav;

public sealed class WavTests
{
    [Fact]
    public void Write_ThenRead_RoundTrips8kMono()
    {
        var samples = Signal.Sine(8000, 440, 800);
        var file = WavWriter.Write(samples, 8000);
        Assert.Equal(44 + 1600, file.Length);
        Assert.Equal("RIFF"u8.ToArray(), file[..4]);
        Assert.Equal(1600u + 36, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4)));

        Assert.Equal(WavError.None, WavReader.TryRead(file, out var audio));
        Assert.Equal(8000, audio!.SampleRate);
        Assert.Equal(1, audio.Channels);
        Assert.Equal(samples, audio.Samples);
        Assert.Equal(TimeSpan.FromMilliseconds(100), audio.Duration);
    }

    [Fact]
    public void TryRead_ExtraChunksAndOddPadding_AreSkipped()
    {
        var samples = new short[] { 1, -2, 300, -32768, 32767 };
        var plain = WavWriter.Write(samples, 16000);
        var file = new List<byte>(plain[..12]);
        file.AddRange("LIST"u8.ToArray());
        file.AddRange(BitConverter.GetBytes(3));
        file.AddRange(new byte[] { 1, 2, 3, 0 }); // odd size padded to even
        file.AddRange(plain[12..]);

        Assert.Equal(WavError.None, WavReader.TryRead(file.ToArray(), out var audio));
        Assert.Equal(16000, audio!.SampleRate);
        Assert.Equal(samples, audio.Samples);
    }

    [Fact]
    public void TryRead_Stereo8BitUnsigned_ScalesAndInterleaves()
    {
        var file = Build(format: 1, channels: 2, rate: 11025, bits: 8, data: [128, 255, 0, 128]);
        Assert.Equal(WavError.None, WavReader.TryRead(file, out var audio));
        Assert.Equal(2, audio!.Channels);
        Assert.Equal([0, 127 << 8, -32768, 0], audio.Samples);
        Assert.Equal(2, audio.Frames);
    }

    [Fact]
    public void TryRead_FloatAndALawAndMuLaw_Decode()
    {
        var floats = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(floats, 0.5f);
        BinaryPrimitives.WriteSingleLittleEndian(floats.AsSpan(4), -1.5f);
        Assert.Equal(WavError.None, WavReader.TryRead(Build(3, 1, 8000, 32, floats), out var f));
        Assert.Equal([16384, -32768], f!.Samples);

        Assert.Equal(WavError.None, WavReader.TryRead(Build(6, 1, 8000, 8, [0xD5, 0xAA]), out var a));
        Assert.Equal([ALaw.Decode(0xD5), ALaw.Decode(0xAA)], a!.Samples);

        Assert.Equal(WavError.None, WavReader.TryRead(Build(7, 1, 8000, 8, [0x80]), out var u));
        Assert.Equal([MuLaw.Decode(0x80)], u!.Samples);
    }

    [Fact]
    public void TryRead_Extensible24Bit_UsesTheSubFormat()
    {
        var fmt = new byte[40];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), 48000);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), 48000 * 3);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), 24);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), 1); // KSDATAFORMAT_SUBTYPE_PCM
        var file = Assemble(fmt, [0x00, 0x34, 0x12, 0xFF, 0xFF, 0x80]);
        Assert.Equal(WavError.None, WavReader.TryRead(file, out var audio));
        Assert.Equal([0x1234, unchecked((short)0x80FF)], audio!.Samples);
    }

    [Theory]
    [InlineData(WavError.NotRiffWave)]
    [InlineData(WavError.MissingFormat)]
    [InlineData(WavError.MissingData)]
    [InlineData(WavError.Truncated)]
    [InlineData(WavError.UnsupportedFormat)]
    [InlineData(WavError.InvalidFormat)]
    public void TryRead_BadFile_SaysWhy(WavError expected)
    {
        var good = WavWriter.Write(new short[] { 1, 2, 3 }, 8000);
        var file = expected switch
        {
            WavError.NotRiffWave => [.. "RIFX"u8, .. good[4..]],
            WavError.MissingFormat => Assemble(null, [1, 0]),
            WavError.MissingData => good[..36],
            WavError.Truncated => [.. good[..16], 0xFF, 0xFF, 0, 0, .. good[20..30]],
            WavError.UnsupportedFormat => Build(2, 1, 8000, 4, [0]), // MS ADPCM
            _ => Build(1, 0, 8000, 16, [0, 0]),
        };
        Assert.Equal(expected, WavReader.TryRead(file, out var audio));
        Assert.Null(audio);
    }

    [Fact]
    public void ToMono_44kStereo_Becomes8kMonoOfTheSameDuration()
    {
        var left = Signal.Sine(44100, 500, 44100, 8000);
        var stereo = new short[left.Length * 2];
        for (var i = 0; i < left.Length; i++)
        {
            stereo[2 * i] = left[i];
            stereo[(2 * i) + 1] = left[i];
        }

        var mono = new WavAudio(44100, 2, stereo).ToMono(8000);
        Assert.Equal(8000, mono.Length);
        Assert.InRange(Signal.Amplitude(mono.AsSpan(400, 7200), 8000, 500), 7600, 8400);
    }

    private static byte[] Build(ushort format, ushort channels, uint rate, ushort bits, byte[] data)
    {
        var fmt = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, format);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), rate);
        var align = (ushort)(Math.Max(1, bits / 8) * channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), rate * align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), bits);
        return Assemble(fmt, data);
    }

    private static byte[] Assemble(byte[]? fmt, byte[] data)
    {
        var file = new List<byte>();
        file.AddRange("RIFF"u8.ToArray());
        file.AddRange(BitConverter.GetBytes(0));
        file.AddRange("WAVE"u8.ToArray());
        if (fmt is not null)
        {
            file.AddRange("fmt "u8.ToArray());
            file.AddRange(BitConverter.GetBytes(fmt.Length));
            file.AddRange(fmt);
        }

        file.AddRange("data"u8.ToArray());
        file.AddRange(BitConverter.GetBytes(data.Length));
        file.AddRange(data);
        return file.ToArray();
    }
}
