using System.Security.Cryptography;
using Bridgehead.Dtls;
using CsCheck;

namespace Bridgehead.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    // The a=fingerprint of RFC 8122 §5's example and a Chromium offer's shape.
    private const string Sha256Text = "sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2";

    [Fact]
    public void TryParse_Sha256_ReadsFunctionAndBytes()
    {
        Assert.True(DtlsFingerprint.TryParse(Sha256Text, out var fingerprint, out var error));

        Assert.Equal(DtlsFingerprintError.None, error);
        Assert.Equal(FingerprintHashFunction.Sha256, fingerprint!.HashFunction);
        Assert.Equal(32, fingerprint.Value.Length);
        Assert.Equal(0x19, fingerprint.Value[0]);
        Assert.Equal(0xA2, fingerprint.Value[31]);
    }

    [Fact]
    public void ToString_Parsed_RoundTripsToSdpForm() =>
        Assert.Equal(Sha256Text, Parse(Sha256Text).ToString());

    [Fact]
    public void TryParse_LowerCaseHexAndUpperCaseFunction_Accepted()
    {
        var fingerprint = Parse("SHA-256 " + Sha256Text["sha-256 ".Length..].ToLowerInvariant());

        Assert.Equal(Parse(Sha256Text), fingerprint);
    }

    [Theory]
    [InlineData("sha-1", FingerprintHashFunction.Sha1, 20)]
    [InlineData("sha-256", FingerprintHashFunction.Sha256, 32)]
    [InlineData("sha-384", FingerprintHashFunction.Sha384, 48)]
    [InlineData("sha-512", FingerprintHashFunction.Sha512, 64)]
    public void TryParse_EachHashFunction_LengthChecked(string name, FingerprintHashFunction function, int length)
    {
        var hex = string.Join(':', Enumerable.Repeat("AB", length));

        Assert.Equal(function, Parse($"{name} {hex}").HashFunction);
        Assert.False(DtlsFingerprint.TryParse($"{name} {hex}:CD", out _, out var error));
        Assert.Equal(DtlsFingerprintError.WrongLength, error);
    }

    [Theory]
    [InlineData("", DtlsFingerprintError.Empty)]
    [InlineData("   ", DtlsFingerprintError.Empty)]
    [InlineData("sha-256", DtlsFingerprintError.MissingFingerprint)]
    [InlineData("md5 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89", DtlsFingerprintError.UnsupportedHashFunction)]
    [InlineData("sha-224 AB", DtlsFingerprintError.UnsupportedHashFunction)]
    [InlineData("sha-256 AB:CD:E", DtlsFingerprintError.MalformedValue)]
    [InlineData("sha-256 AB-CD", DtlsFingerprintError.MalformedValue)]
    [InlineData("sha-256 ABCD:EF", DtlsFingerprintError.MalformedValue)]
    [InlineData("sha-256 AG", DtlsFingerprintError.MalformedValue)]
    [InlineData("sha-256 AB:CD", DtlsFingerprintError.WrongLength)]
    public void TryParse_Malformed_GivesReason(string text, DtlsFingerprintError expected)
    {
        Assert.False(DtlsFingerprint.TryParse(text, out var fingerprint, out var error));

        Assert.Null(fingerprint);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_AnyText_NeverThrows()
    {
        Gen.String.Sample(text =>
        {
            if (DtlsFingerprint.TryParse(text, out var fingerprint, out _))
            {
                Assert.Equal(fingerprint, Parse(fingerprint!.ToString()));
            }
        });
    }

    [Fact]
    public void ToString_AnyDigest_ParsesBack()
    {
        Gen.Byte.Array[32].Sample(digest =>
        {
            var fingerprint = DtlsFingerprint.FromDigest(FingerprintHashFunction.Sha256, digest)!;
            Assert.Equal(fingerprint, Parse(fingerprint.ToString()));
        });
    }

    [Fact]
    public void Compute_Sha256_IsDigestOfDer()
    {
        byte[] der = [0x30, 0x03, 0x02, 0x01, 0x05];

        var fingerprint = DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, der);

        Assert.Equal(SHA256.HashData(der), fingerprint.Value.ToArray());
        Assert.True(fingerprint.Matches(der));
        Assert.False(fingerprint.Matches([0x30, 0x00]));
    }

    [Fact]
    public void MatchesAny_StrongestFunctionDecides_WeakerMatchIgnored()
    {
        byte[] der = [1, 2, 3];
        var goodSha1 = DtlsFingerprint.Compute(FingerprintHashFunction.Sha1, der);
        var badSha256 = DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, [9, 9, 9]);

        // RFC 8122 §5: with sha-1 and sha-256 offered, sha-256 is the one checked.
        Assert.False(DtlsFingerprint.MatchesAny([goodSha1, badSha256], der));
        Assert.True(DtlsFingerprint.MatchesAny([goodSha1], der));
    }

    [Fact]
    public void MatchesAny_SeveralCertificatesSameFunction_AnyMatches()
    {
        byte[] der = [1, 2, 3];

        Assert.True(DtlsFingerprint.MatchesAny(
            [DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, [7]), DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, der)], der));
        Assert.False(DtlsFingerprint.MatchesAny([], der));
    }

    [Fact]
    public void FromDigest_WrongLength_Null() =>
        Assert.Null(DtlsFingerprint.FromDigest(FingerprintHashFunction.Sha256, new byte[20]));

    private static DtlsFingerprint Parse(string text)
    {
        Assert.True(DtlsFingerprint.TryParse(text, out var fingerprint, out var error), error.ToString());
        return fingerprint!;
    }
}
