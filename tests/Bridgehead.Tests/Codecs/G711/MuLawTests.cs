using Bridgehead.Codecs.G711;

namespace Bridgehead.Tests.Codecs.G711;

public sealed class MuLawTests
{
    // ITU-T G.711 Table 2b: code words are sent inverted; 0xFF and 0x7F are the two zeros, 0x80
    // and 0x00 the positive and negative ends (8031 in 14-bit units, ×4 in 16 bits).
    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0x00, -32124)]
    [InlineData(0xFE, 8)]
    [InlineData(0x7E, -8)]
    [InlineData(0xF0, 120)]
    [InlineData(0xEF, 132)]
    [InlineData(0xDF, 396)]
    [InlineData(0x8F, 16764)]
    public void Decode_TableValue_MatchesG711(int code, int expected)
    {
        Assert.Equal(expected, MuLaw.Decode((byte)code));
    }

    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(-1, 0x7E)]
    [InlineData(32767, 0x80)]
    [InlineData(-32768, 0x00)]
    [InlineData(132, 0xEF)]
    [InlineData(1000, 0xCE)]
    [InlineData(-1000, 0x4E)]
    public void Encode_KnownSample_GivesG711CodeWord(int sample, int expected)
    {
        Assert.Equal(expected, MuLaw.Encode((short)sample));
    }

    [Fact]
    public void EncodeOfDecode_EveryCodeWord_IsTheSameCodeWord()
    {
        for (var code = 0; code < 256; code++)
        {
            // The negative zero 0x7F decodes to 0, whose code word is the positive zero 0xFF.
            var expected = code == 0x7F ? 0xFF : code;
            Assert.Equal(expected, MuLaw.Encode(MuLaw.Decode((byte)code)));
        }
    }

    [Fact]
    public void Encode_EverySample_IsMonotonicAndWithinHalfAStep()
    {
        var previous = short.MinValue;
        for (int s = short.MinValue; s <= short.MaxValue; s++)
        {
            var decoded = MuLaw.Decode(MuLaw.Encode((short)s));
            Assert.True(decoded >= previous, $"decoding is not monotonic at {s}");
            previous = decoded;

            // Segment 7 has steps of 256 in 14 bits, 1024 in 16 bits; clipping adds at most 643.
            Assert.True(Math.Abs(decoded - s) <= 1024, $"{s} decodes to {decoded}");
        }
    }

    [Fact]
    public void Frame_EncodeThenDecode_MatchesPerSample()
    {
        var pcm = Signal.Sine(8000, 1000, 160);
        var codes = new byte[160];
        var back = new short[160];
        MuLaw.Encode(pcm, codes);
        MuLaw.Decode(codes, back);
        for (var i = 0; i < pcm.Length; i++)
        {
            Assert.Equal(MuLaw.Decode(MuLaw.Encode(pcm[i])), back[i]);
        }
    }
}
