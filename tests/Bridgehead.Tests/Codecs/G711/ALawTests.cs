using Bridgehead.Codecs.G711;

namespace Bridgehead.Tests.Codecs.G711;

public sealed class ALawTests
{
    // ITU-T G.711 Table 1b: even bits inverted (XOR 0x55); 0xD5/0x55 are the smallest positive and
    // negative values (±1 in 13-bit units → ±8), 0xAA/0x2A the ends (±4032 → ±32256).
    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    [InlineData(0x00, -5504)]
    [InlineData(0x80, 5504)]
    [InlineData(0xD4, 24)]
    [InlineData(0xC5, 264)]
    [InlineData(0xF5, 528)]
    public void Decode_TableValue_MatchesG711(int code, int expected)
    {
        Assert.Equal(expected, ALaw.Decode((byte)code));
    }

    [Theory]
    [InlineData(0, 0xD5)]
    [InlineData(-1, 0x55)]
    [InlineData(32767, 0xAA)]
    [InlineData(-32768, 0x2A)]
    [InlineData(1000, 0xFA)]
    [InlineData(-1000, 0x7A)]
    public void Encode_KnownSample_GivesG711CodeWord(int sample, int expected)
    {
        Assert.Equal(expected, ALaw.Encode((short)sample));
    }

    [Fact]
    public void EncodeOfDecode_EveryCodeWord_IsTheSameCodeWord()
    {
        for (var code = 0; code < 256; code++)
        {
            Assert.Equal(code, ALaw.Encode(ALaw.Decode((byte)code)));
        }
    }

    [Fact]
    public void Encode_EverySample_IsMonotonicAndWithinHalfAStep()
    {
        var previous = short.MinValue;
        for (int s = short.MinValue; s <= short.MaxValue; s++)
        {
            var decoded = ALaw.Decode(ALaw.Encode((short)s));
            Assert.True(decoded >= previous, $"decoding is not monotonic at {s}");
            previous = decoded;

            // Segment 7 has steps of 128 in 13 bits, 1024 in 16 bits.
            Assert.True(Math.Abs(decoded - s) <= 512 + 8, $"{s} decodes to {decoded}");
        }
    }
}
