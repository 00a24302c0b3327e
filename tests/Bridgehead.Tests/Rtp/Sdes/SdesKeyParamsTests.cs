using Bridgehead.Rtp.Sdes;
using Bridgehead.Rtp.Srtp;
using CsCheck;

namespace Bridgehead.Tests.Rtp.Sdes;

public sealed class SdesKeyParamsTests
{
    // RFC 4568 §8.1's example key-params.
    private const string Rfc4568Example = "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4";

    [Fact]
    public void TryParse_Rfc4568Example_ReadsKeySaltLifetimeAndMki()
    {
        Assert.Equal(SdesParseError.None, SdesKeyParams.TryParse(Rfc4568Example, SrtpProfile.AesCm128HmacSha1_80, out var keyParams));
        Assert.Equal(Convert.FromBase64String("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR")[..16], keyParams!.MasterKey.ToArray());
        Assert.Equal(Convert.FromBase64String("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR")[16..], keyParams.MasterSalt.ToArray());
        Assert.Equal(1UL << 20, keyParams.Lifetime);
        Assert.Equal(1UL, keyParams.MkiValue);
        Assert.Equal(4, keyParams.MkiLength);
        Assert.Equal(new byte[] { 0, 0, 0, 1 }, keyParams.GetMki());
        Assert.Equal(Rfc4568Example, keyParams.Format());
    }

    [Theory]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", null, 0)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^31", 2147483648UL, 0)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1000", 1000UL, 0)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2:1", null, 1)]
    public void TryParse_OptionalFields_AreOptional(string text, ulong? lifetime, int mkiLength)
    {
        Assert.Equal(SdesParseError.None, SdesKeyParams.TryParse(text, SrtpProfile.AesCm128HmacSha1_32, out var keyParams));
        Assert.Equal(lifetime, keyParams!.Lifetime);
        Assert.Equal(mkiLength, keyParams.MkiLength);
        Assert.Equal(text, keyParams.Format());
    }

    [Theory]
    [InlineData("uri:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", SdesParseError.NotInline)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB!", SdesParseError.BadBase64)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0m", SdesParseError.WrongKeyLength)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|", SdesParseError.BadLifetime)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^64", SdesParseError.BadLifetime)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|0", SdesParseError.BadLifetime)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|2^20", SdesParseError.BadLifetime)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:4|2^20", SdesParseError.BadMki)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|256:1", SdesParseError.BadMki)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:0", SdesParseError.BadMki)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:129", SdesParseError.BadMki)]
    [InlineData("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4|x", SdesParseError.TooManyFields)]
    public void TryParse_Malformed_ReportsReason(string text, SdesParseError expected) =>
        Assert.Equal(expected, SdesKeyParams.TryParse(text, SrtpProfile.AesCm128HmacSha1_80, out _));

    [Fact]
    public void TryParse_GcmAndAes256Suites_SplitAtTheirLengths()
    {
        var gcm = new SdesKeyParams { MasterKey = new byte[16], MasterSalt = Enumerable.Range(1, 12).Select(i => (byte)i).ToArray() };
        Assert.Equal(SdesParseError.None, SdesKeyParams.TryParse(gcm.Format(), SrtpProfile.AeadAes128Gcm, out var parsed));
        Assert.Equal(gcm.MasterSalt.ToArray(), parsed!.MasterSalt.ToArray());
        Assert.Equal(SdesParseError.WrongKeyLength, SdesKeyParams.TryParse(gcm.Format(), SrtpProfile.AesCm256HmacSha1_80, out _));
    }

    [Fact]
    public void FormatThenParse_RandomKeys_RoundTrip()
    {
        Gen.Select(Gen.Byte.Array[30], Gen.ULong[1, ulong.MaxValue], Gen.Bool, Gen.Int[0, 4], Gen.Byte).Sample((keySalt, lifetime, hasLifetime, mkiLength, mki) =>
        {
            var original = new SdesKeyParams
            {
                MasterKey = keySalt.AsMemory(0, 16),
                MasterSalt = keySalt.AsMemory(16),
                Lifetime = hasLifetime ? lifetime : null,
                MkiLength = mkiLength,
                MkiValue = mkiLength > 0 ? mki : 0UL,
            };
            Assert.Equal(SdesParseError.None, SdesKeyParams.TryParse(original.Format(), SrtpProfile.AesCm128HmacSha1_80, out var parsed));
            Assert.Equal(original.Format(), parsed!.Format());
            Assert.Equal(keySalt, parsed.MasterKey.ToArray().Concat(parsed.MasterSalt.ToArray()).ToArray());
        });
    }
}
