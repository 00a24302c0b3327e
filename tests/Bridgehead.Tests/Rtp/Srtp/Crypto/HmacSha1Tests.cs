using System.Security.Cryptography;
using System.Text;
using Bridgehead.Rtp.Srtp.Crypto;
using CsCheck;

namespace Bridgehead.Tests.Rtp.Srtp.Crypto;

public sealed class HmacSha1Tests
{
    // RFC 2202 §3, test cases 1, 2, 3, 5 (truncated to 96 bits there; the full MAC here), 6 and 7,
    // with OpenSSL's block function (where libcrypto is there) and with the managed compression.
    public static TheoryData<string, string, string, bool> Rfc2202Cases()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var libCrypto in new[] { true, false })
        {
            data.Add("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00", libCrypto);
            data.Add("4a656665", "what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", libCrypto);
            data.Add("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "Test With Truncation", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04", libCrypto);
            data.Add("aa", "Test Using Larger Than Block-Size Key - Hash Key First", "aa4ae5e15272d00e95705637ce8a3b55ed402112", libCrypto);
            data.Add("aa", "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data", "e8e99d0f45237d786d6bbaa7965c7808bbff1a91", libCrypto);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rfc2202Cases))]
    public void Rfc2202_TestCases_MatchVector(string keyHex, string data, string macHex, bool useLibCrypto)
    {
        // Cases 6 and 7 use 80 octets of 0xaa.
        var key = keyHex == "aa" ? Enumerable.Repeat((byte)0xAA, 80).ToArray() : Convert.FromHexString(keyHex);
        using var hmac = new HmacSha1(key, useLibCrypto);
        var mac = new byte[HmacSha1.Length];

        hmac.Compute(Encoding.ASCII.GetBytes(data), mac);

        Assert.Equal(macHex, Convert.ToHexStringLower(mac));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc2202_Case3_FiftyOctetsOfDd_MatchVector(bool useLibCrypto)
    {
        using var hmac = new HmacSha1(Enumerable.Repeat((byte)0xAA, 20).ToArray(), useLibCrypto);
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "The platform's HMAC-SHA1 is the reference here.")]
    public void Compute_RandomKeysAndLengths_MatchesPlatformHmac(bool useLibCrypto)
    {
        // Lengths across the padding boundaries (55/56 octets past a block) and several blocks.
        Gen.Select(Gen.Byte.Array[0, 100], Gen.Byte.Array[0, 300]).Sample((key, data) =>
        {
            using var hmac = new HmacSha1(key, useLibCrypto);
            var mac = new byte[HmacSha1.Length];
            hmac.Compute(data, mac);
            Assert.Equal(HMACSHA1.HashData(key, data), mac);
        }, iter: 500);
    }

    [Fact]
    public void Constructor_LinuxWithOpenSsl3_UsesLibCrypto()
    {
        // .NET's own cryptography needs OpenSSL on Linux; Debian 12 ships libcrypto.so.3.
        Assert.SkipUnless(OperatingSystem.IsLinux() && File.Exists("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"), "not Debian x86-64 with OpenSSL 3");
        using var hmac = new HmacSha1(new byte[20]);

        Assert.True(hmac.UsesLibCrypto);
    }

    [Fact]
    public void Constructor_LibCryptoDeclined_UsesManagedCompression()
    {
        using var hmac = new HmacSha1(new byte[20], useLibCrypto: false);

        Assert.False(hmac.UsesLibCrypto);
    }
}
