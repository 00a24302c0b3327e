using System.Text;
using System.Text.Json;
using Bridgehead.Sip.Digest;
using Bridgehead.Testing;

namespace Bridgehead.Tests.Sip.Digest;

public sealed class DigestMathTests
{
    private static JsonElement Vectors(string rfc) =>
        JsonDocument.Parse(File.ReadAllBytes(TestVectors.Path(rfc, "vectors.json"))).RootElement;

    private static string S(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    [Fact]
    public void Response_Rfc2617Section35_Md5WithQopAuth()
    {
        var v = Vectors("rfc2617");

        var ha1 = DigestMath.Ha1(DigestAlgorithm.Md5, S(v, "username"), S(v, "realm"), S(v, "password"));
        Assert.Equal(S(v, "HA1"), ha1);
        Assert.Equal(S(v, "HA2"), DigestAlgorithm.Md5.HashHex($"{S(v, "method")}:{S(v, "uri")}"));

        var response = DigestMath.Response(DigestAlgorithm.Md5, ha1, S(v, "method"), S(v, "uri"), S(v, "nonce"), S(v, "nc"), S(v, "cnonce"), S(v, "qop"));
        Assert.Equal(S(v, "response"), response);
    }

    [Theory]
    [InlineData("MD5", DigestAlgorithm.Md5)]
    [InlineData("SHA-256", DigestAlgorithm.Sha256)]
    public void Response_Rfc7616Section391_MatchesThePrintedValues(string name, DigestAlgorithm algorithm)
    {
        var v = Vectors("rfc7616").GetProperty("3.9.1");
        var expected = v.GetProperty(name);

        var ha1 = DigestMath.Ha1(algorithm, S(v, "username"), S(v, "realm"), S(v, "password"));
        Assert.Equal(S(expected, "HA1"), ha1);
        Assert.Equal(S(expected, "HA2"), algorithm.HashHex($"{S(v, "method")}:{S(v, "uri")}"));

        var response = DigestMath.Response(algorithm, ha1, S(v, "method"), S(v, "uri"), S(v, "nonce"), S(v, "nc"), S(v, "cnonce"), S(v, "qop"));
        Assert.Equal(S(expected, "response"), response);
    }

    [Fact]
    public void Response_Spans_MatchTheStringOverload()
    {
        var v = Vectors("rfc7616").GetProperty("3.9.1");
        var ha1 = Encoding.ASCII.GetBytes(S(v.GetProperty("SHA-256"), "HA1"));
        Span<byte> destination = stackalloc byte[64];

        var n = DigestMath.Response(
            DigestAlgorithm.Sha256,
            ha1,
            "GET"u8,
            "/dir/index.html"u8,
            Encoding.ASCII.GetBytes(S(v, "nonce")),
            "00000001"u8,
            Encoding.ASCII.GetBytes(S(v, "cnonce")),
            "auth"u8,
            destination);

        Assert.Equal(64, n);
        Assert.Equal(S(v.GetProperty("SHA-256"), "response"), Encoding.ASCII.GetString(destination[..n]));
    }

    [Fact]
    public void Response_WithoutQop_IsRfc2069Form()
    {
        // RFC 2617 §3.2.2.1: without qop, response = H(HA1:nonce:HA2).
        const string ha1 = "939e7578ed9e3c518a452acee763bce9";
        var ha2 = DigestAlgorithm.Md5.HashHex("REGISTER:sip:example.com");
        var expected = DigestAlgorithm.Md5.HashHex($"{ha1}:abc:{ha2}");

        Assert.Equal(expected, DigestMath.Response(DigestAlgorithm.Md5, ha1, "REGISTER", "sip:example.com", "abc", string.Empty, string.Empty, string.Empty));
    }

    [Fact]
    public void Response_LongUri_IsHashed()
    {
        var uri = "sip:" + new string('a', 2000) + "@example.com";
        var ha2 = DigestAlgorithm.Sha256.HashHex("INVITE:" + uri);
        var expected = DigestAlgorithm.Sha256.HashHex($"h1:n:00000001:c:auth:{ha2}");

        Assert.Equal(expected, DigestMath.Response(DigestAlgorithm.Sha256, "h1", "INVITE", uri, "n", "00000001", "c", "auth"));
    }

    [Fact]
    public void FixedTimeEquals_Digests_ComparesContent()
    {
        Assert.True(DigestMath.FixedTimeEquals("abc"u8, "abc"u8));
        Assert.False(DigestMath.FixedTimeEquals("abc"u8, "abd"u8));
        Assert.False(DigestMath.FixedTimeEquals("abc"u8, "abcd"u8));
    }
}
