using System.Text;
using Bridgehead.Sip.Digest;

namespace Bridgehead.Tests.Sip.Digest;

public sealed class DigestAlgorithmsTests
{
    [Theory]
    [InlineData("", DigestAlgorithm.Md5)]
    [InlineData("MD5", DigestAlgorithm.Md5)]
    [InlineData("md5", DigestAlgorithm.Md5)]
    [InlineData("SHA-256", DigestAlgorithm.Sha256)]
    [InlineData("sha-256", DigestAlgorithm.Sha256)]
    public void TryParse_KnownToken_IsParsed(string token, DigestAlgorithm expected)
    {
        Assert.True(DigestAlgorithms.TryParse(Encoding.ASCII.GetBytes(token), out var algorithm));
        Assert.Equal(expected, algorithm);
    }

    [Theory]
    [InlineData("SHA-512-256")]
    [InlineData("MD5-sess")]
    [InlineData("SHA256")]
    [InlineData("AKAv1-MD5")]
    public void TryParse_UnsupportedToken_IsFalse(string token) =>
        Assert.False(DigestAlgorithms.TryParse(Encoding.ASCII.GetBytes(token), out _));

    [Theory]
    [InlineData(DigestAlgorithm.Md5, "MD5", 32)]
    [InlineData(DigestAlgorithm.Sha256, "SHA-256", 64)]
    public void Token_Algorithm_RoundTripsAndSizesTheHex(DigestAlgorithm algorithm, string token, int hexLength)
    {
        Assert.Equal(token, algorithm.Token());
        Assert.True(DigestAlgorithms.TryParse(Encoding.ASCII.GetBytes(token), out var parsed));
        Assert.Equal(algorithm, parsed);
        Assert.Equal(hexLength, algorithm.HexLength());
        Assert.Equal(hexLength, algorithm.HashHex("x").Length);
    }

    [Fact]
    public void HashHex_KnownInput_IsLowerCaseHex()
    {
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", DigestAlgorithm.Md5.HashHex(string.Empty));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", DigestAlgorithm.Sha256.HashHex(string.Empty));
    }
}
