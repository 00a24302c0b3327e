using System.Security.Cryptography;
using Bridgehead.Rtp.Srtp.Crypto;
using CsCheck;

namespace Bridgehead.Tests.Rtp.Srtp.Crypto;

/// <summary>The managed HMAC-SHA1 (precomputed pads) against RFC 2202 §3 and against the platform.</summary>
public sealed class HmacSha1Tests
{
    public static TheoryData<string, string, string> Rfc2202Cases() => new()
    {
        { "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", Hex("Hi There"u8), "b617318655057264e28bc0b6fb378c8ef146be00" },
        { Hex("Jefe"u8), Hex("what do ya want for nothing?"u8), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
        { new string('a', 40), new string('d', 100), "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
        { "0102030405060708090a0b0c0d0e0f10111213141516171819", string.Concat(Enumerable.Repeat("cd", 50)), "4c9007f4026250c6bc8414f9bf50c86c2d7235da" },
        { "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", Hex("Test With Truncation"u8), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04" },
        { new string('a', 160), Hex("Test Using Larger Than Block-Size Key - Hash Key First"u8), "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
        { new string('a', 160), Hex("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"u8), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91" },
    };

    [Theory]
    [MemberData(nameof(Rfc2202Cases))]
    public void Rfc2202_TestCase_ManagedMatchesDigest(string keyHex, string dataHex, string digestHex)
    {
        using var hmac = new HmacSha1(Convert.FromHexString(keyHex), managed: true);
        Assert.True(hmac.IsManaged);
        var data = Convert.FromHexString(dataHex);
        var mac = new byte[20];

        hmac.Compute(data, [], mac);
        Assert.Equal(digestHex, Convert.ToHexStringLower(mac));

        // Split anywhere, as SRTP splits packet and ROC.
        for (var split = 0; split <= data.Length; split++)
        {
            hmac.Compute(data.AsSpan(0, split), data.AsSpan(split), mac);
            Assert.Equal(digestHex, Convert.ToHexStringLower(mac));
        }
    }

    [Theory]
    [MemberData(nameof(Rfc2202Cases))]
    public void Rfc2202_TestCase_PlatformMatchesDigest(string keyHex, string dataHex, string digestHex)
    {
        using var hmac = new HmacSha1(Convert.FromHexString(keyHex), managed: false);
        var mac = new byte[20];
        hmac.Compute(Convert.FromHexString(dataHex), [], mac);
        Assert.Equal(digestHex, Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void Compute_RandomKeysAndMessages_MatchesPlatformHmac()
    {
        Gen.Select(Gen.Byte.Array[1, 100], Gen.Byte.Array[0, 300], Gen.Byte.Array[0, 70]).Sample((key, first, second) =>
        {
            using var hmac = new HmacSha1(key, managed: true);
            var mac = new byte[20];
            hmac.Compute(first, second, mac);
#pragma warning disable CA5350 // the reference implementation
            Assert.Equal(HMACSHA1.HashData(key, first.Concat(second).ToArray()), mac);
#pragma warning restore CA5350
        }, iter: 500);
    }

    private static string Hex(ReadOnlySpan<byte> text) => Convert.ToHexStringLower(text);
}
