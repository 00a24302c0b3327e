using System.Text;
using Bridgehead.Sip;
using Bridgehead.Sip.Digest;

namespace Bridgehead.Tests.Sip.Digest;

public sealed class DigestCredentialsTests
{
    private static string T(ReadOnlyMemory<byte> m) => Encoding.UTF8.GetString(m.Span);

    private static DigestCredentials ParseOk(string text)
    {
        Assert.True(DigestCredentials.TryParse(Encoding.UTF8.GetBytes(text), out var c), text);
        return c;
    }

    [Fact]
    public void TryParse_QuotedAndUnquotedValues_AreReadWithoutQuotes()
    {
        var c = ParseOk(
            "Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", " +
            "uri=\"sip:bob@biloxi.com\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", " +
            "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", algorithm=MD5");

        Assert.Equal("bob", T(c.Username));
        Assert.Equal("bob", c.UsernameText);
        Assert.Equal("biloxi.com", T(c.Realm));
        Assert.Equal("biloxi.com", c.RealmText);
        Assert.Equal("dcd98b7102dd2f0e8b11d0f600bfb0c093", T(c.Nonce));
        Assert.Equal("sip:bob@biloxi.com", T(c.Uri));
        Assert.Equal("auth", T(c.Qop));
        Assert.Equal("00000001", T(c.NonceCount));
        Assert.Equal("0a4f113b", T(c.Cnonce));
        Assert.Equal("6629fae49393a05397450978507c4ef1", T(c.Response));
        Assert.Equal("5ccc069c403ebaf9f0171e9517f40e41", T(c.Opaque));
        Assert.Equal("MD5", T(c.AlgorithmToken));
    }

    [Fact]
    public void TryParse_OddSpacingCaseAndUnknownParameters_IsAccepted()
    {
        var c = ParseOk("digest  USERNAME = \"alice\" ,REALM=atlanta.com,\r\n nonce=\"n\",uri=\"sip:a\",response=\"r\",\tnewparam=\"x, y\" , algorithm=SHA-256");

        Assert.Equal("alice", T(c.Username));
        Assert.Equal("atlanta.com", T(c.Realm));
        Assert.Equal("SHA-256", T(c.AlgorithmToken));
        Assert.True(c.Qop.IsEmpty);
        Assert.True(c.Cnonce.IsEmpty);
    }

    [Fact]
    public void TryParse_EscapedUsername_DecodesInUsernameText()
    {
        var c = ParseOk("Digest username=\"a\\\"b\", nonce=\"n\", uri=\"sip:a\", response=\"r\"");

        Assert.Equal("a\\\"b", T(c.Username));
        Assert.Equal("a\"b", c.UsernameText);
    }

    [Fact]
    public void TryParse_UnknownScheme_IsFalse()
    {
        // RFC 4475 regaut01: the registrar challenges instead of failing.
        Assert.False(DigestCredentials.TryParse(Encoding.ASCII.GetBytes("NoOneKnowsThisScheme opaque-data=here"), out _));
        Assert.False(DigestCredentials.TryParse(Encoding.ASCII.GetBytes("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="), out _));
    }

    [Fact]
    public void TryParse_Rfc4475Regaut01_AuthorizationValueIsNotDigest()
    {
        var m = SipTestMessages.Valid(SipTestMessages.Vector("rfc4475", "regaut01"));

        Assert.False(DigestCredentials.TryParse(m.FirstValueMemory(HeaderId.Authorization), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Digest")]
    [InlineData("Digest ")]
    [InlineData("Digestusername=\"a\"")]
    [InlineData("Digest username=\"a\", nonce=\"n\", uri=\"u\"")]
    [InlineData("Digest username=\"a\", nonce=\"n\", response=\"r\"")]
    [InlineData("Digest nonce=\"n\", uri=\"u\", response=\"r\"")]
    [InlineData("Digest username=\"a\", nonce=\"n\", uri=\"u\", response=\"r")]
    [InlineData("Digest username=\"a\" nonce=\"n\", uri=\"u\", response=\"r\"")]
    [InlineData("Digest username, nonce=\"n\", uri=\"u\", response=\"r\"")]
    [InlineData("Digest =\"a\", nonce=\"n\", uri=\"u\", response=\"r\"")]
    [InlineData("Digest username=\"\", nonce=\"n\", uri=\"u\", response=\"r\"")]
    public void TryParse_MalformedOrIncomplete_IsFalse(string text) =>
        Assert.False(DigestCredentials.TryParse(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void TryParse_ThenResponse_VerifiesAgainstThePassword()
    {
        // A SIP REGISTER answered per RFC 3261 §22.4 with the RFC 7616 §3.9.1 credentials.
        const string password = "Circle of Life";
        var ha1 = DigestMath.Ha1(DigestAlgorithm.Sha256, "Mufasa", "http-auth@example.org", password);
        var expected = DigestMath.Response(DigestAlgorithm.Sha256, ha1, "REGISTER", "sip:example.org", "n0nce", "00000001", "c", "auth");
        var c = ParseOk($"Digest username=\"Mufasa\", realm=\"http-auth@example.org\", nonce=\"n0nce\", uri=\"sip:example.org\", algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"c\", response=\"{expected}\"");

        Assert.True(DigestAlgorithms.TryParse(c.AlgorithmToken.Span, out var algorithm));
        Span<byte> computed = stackalloc byte[64];
        var n = DigestMath.Response(algorithm, Encoding.ASCII.GetBytes(ha1), "REGISTER"u8, c.Uri.Span, c.Nonce.Span, c.NonceCount.Span, c.Cnonce.Span, c.Qop.Span, computed);
        Assert.True(DigestMath.FixedTimeEquals(computed[..n], c.Response.Span));
    }
}
