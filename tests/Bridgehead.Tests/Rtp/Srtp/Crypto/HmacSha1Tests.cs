using System.Security.Cryptography;
using System.Text;
using Bridgehead.Rtp.Srtp.Crypto;
using CsCheck;

namespace Bridgehead.Tests.Rtp.Srtp.Crypto;

public sealed class HmacSha1Tests
{
    // RFC 2202 §3, test cases 1, 2, 3, 5 (truncated to 96 bits there; the full MAC here), 6 and 7.
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00")]
    [InlineData("4a656665", "what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")]
    [InlineData("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "Test With Truncation", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04")]
    [InlineData("aa", "Test Using Larger Than Block-Size Key - Hash Key First", "aa4ae5e15272d00e95705637ce8a3b55ed402112")]
    [InlineData("aa", "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data", "e8e99d0f45237d786d6bbaa7965c7808bbff1a91")]
    public void Rfc2202_TestCases_MatchVector(string keyHex, string data, string macHex)
    {
        // Cases 6 and 7 use 80 octets of 0xaa.
        var key = keyHex == "aa" ? Enumerable.Repeat((byte)0xAA, 80).ToArray() : Convert.FromHexString(keyHex);
        using var hmac = new HmacSha1(key);
        var mac = new byte[HmacSha1.Length];

        hmac.Compute(Encoding.ASCII.GetBytes(data), mac);

        Assert.Equal(macHex, Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void Rfc2202_Case3_FiftyOctetsOfDd_MatchVector()
    {
        using var hmac = new HmacSha1(Enumerable.Repeat((byte)0xAA, 20).ToArray());
        var mac = new byte[HmacSha1.Length];

        hmac.Compute(Enumerable.Repeat((byte)0xDD, 50).ToArray(), mac);

        Assert.Equal("125d7342b9ac11cd91a39af48aa17b4f63f175d3", Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void Compute_TruncatedOutput_IsThePrefix()
    {
        using var hmac = new HmacSha1(new byte[20]);
        var full = new byte[20];
        var tag = new byte[10];

        hmac.Compute(new byte[176], full);
        hmac.Compute(new byte[176], tag);

        Assert.Equal(full[..10], tag);
    }

    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "The platform's HMAC-SHA1 is the reference here.")]
    public void Compute_RandomKeysAndLengths_MatchesPlatformHmac()
    {
        // Lengths across the padding boundaries (55/56 octets past a block) and several blocks.
        Gen.Select(Gen.Byte.Array[0, 100], Gen.Byte.Array[0, 300]).Sample((key, data) =>
        {
            using var hmac = new HmacSha1(key);
            var mac = new byte[HmacSha1.Length];
            hmac.Compute(data, mac);
            Assert.Equal(HMACSHA1.HashData(key, data), mac);
        }, iter: 500);
    }
}
