using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class NameAddressTests
{
    private static NameAddress ParseAddress(string text, bool allowWildcard = false)
    {
        Assert.True(NameAddress.TryParse(Bytes(text), out var address, allowWildcard), text);
        return address;
    }

    [Fact]
    public void TryParse_QuotedDisplayName_KeepsQuotesAndParameters()
    {
        var a = ParseAddress("\"Alice \\\"A\\\" Liddell\" <sip:alice@atlanta.example.com;transport=tcp>;tag=1928301774;q=0.7");

        Assert.Equal("\"Alice \\\"A\\\" Liddell\"", Text(a.DisplayName));
        Assert.Equal("Alice \"A\" Liddell", QuotedString.Decode(a.DisplayName.Span));
        Assert.Equal("sip:alice@atlanta.example.com;transport=tcp", Text(a.UriText));
        Assert.Equal("alice", Text(a.Uri.User));
        Assert.Equal(";transport=tcp", Text(a.Uri.Parameters));
        Assert.Equal(";tag=1928301774;q=0.7", Text(a.Parameters));
        Assert.True(a.HasAngleBrackets);
        Assert.True(a.HasTag);
        Assert.Equal("1928301774", Text(a.Tag));
        Assert.True(a.TryGetParameter("Q"u8, out var q));
        Assert.Equal("0.7", Text(q));
        Assert.True(a.HasParameter("tag"u8));
        Assert.False(a.HasParameter("expires"u8));
        Assert.False(a.IsWildcard);
    }

    [Fact]
    public void TryParse_TokenDisplayName_IsTrimmed()
    {
        var a = ParseAddress("  Bob   Smith  <sip:bob@biloxi.example.com>");

        Assert.Equal("Bob   Smith", Text(a.DisplayName));
        Assert.Equal("sip:bob@biloxi.example.com", Text(a.UriText));
    }

    [Fact]
    public void TryParse_NoSpaceBeforeAngleBracket_IsAccepted()
    {
        // RFC 4475 lwsdisp.
        var a = ParseAddress("caller<sip:caller@example.com>;tag=323");

        Assert.Equal("caller", Text(a.DisplayName));
        Assert.Equal("323", Text(a.Tag));
    }

    [Fact]
    public void TryParse_NameAddrWithoutDisplayName_HasEmptyDisplayName()
    {
        var a = ParseAddress("<sip:a@b>");

        Assert.True(a.DisplayName.IsEmpty);
        Assert.True(a.HasAngleBrackets);
        Assert.True(a.Parameters.IsEmpty);
        Assert.False(a.HasTag);
    }

    [Fact]
    public void TryParse_AddrSpec_SemicolonStartsHeaderParameters()
    {
        // RFC 3261 §20: without <>, ';' belongs to the header (RFC 4475 cparam01).
        var a = ParseAddress("sip:+19725552222@gw1.example.net;unknownparam;tag=9");

        Assert.False(a.HasAngleBrackets);
        Assert.Equal("sip:+19725552222@gw1.example.net", Text(a.UriText));
        Assert.True(a.Uri.Parameters.IsEmpty);
        Assert.Equal(";unknownparam;tag=9", Text(a.Parameters));
        Assert.True(a.HasParameter("unknownparam"u8));
        Assert.Equal("9", Text(a.Tag));
    }

    [Fact]
    public void TryParse_AddrSpecWithSpacedParameters_IsAccepted()
    {
        // RFC 4475 wsinv To.
        var a = ParseAddress("\r\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n");

        Assert.Equal("sip:vivekg@chair-dnrc.example.com", Text(a.UriText));
        Assert.Equal("1918181833n", Text(a.Tag));
    }

    [Fact]
    public void TryParse_UriParameterInsideBrackets_IsAUriParameter()
    {
        // RFC 4475 cparam02.
        var a = ParseAddress("<sip:+19725552222@gw1.example.net;unknownparam>");

        Assert.True(a.Uri.HasParameter("unknownparam"u8));
        Assert.False(a.HasParameter("unknownparam"u8));
    }

    [Fact]
    public void TryParse_OtherScheme_IsAccepted()
    {
        // RFC 4475 unksm2.
        var a = ParseAddress("<http://www.example.com>;tag=3234233");

        Assert.Equal(UriScheme.Other, a.Uri.Scheme);
        Assert.Equal("3234233", Text(a.Tag));
    }

    [Fact]
    public void TryParse_Wildcard_OnlyWhenAllowed()
    {
        Assert.True(ParseAddress(" * ", allowWildcard: true).IsWildcard);
        Assert.False(NameAddress.TryParse(Bytes("*"), out _));
        Assert.False(NameAddress.TryParse(Bytes("* ;x"), out _, allowWildcard: true));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"unterminated <sip:a@b>")]
    [InlineData("\"quoted\" sip:a@b")]
    [InlineData("<sip:a@b")]
    [InlineData("<sip:a@b >")]
    [InlineData("< sip:a@b>")]
    [InlineData("<sip:user@example.com> garbage")]
    [InlineData("Bell, Alexander <sip:a.g.bell@bell-tel.com>")]
    [InlineData("Watson@x <sip:a@b>")]
    [InlineData("sip:a@b?Subject=x")]
    [InlineData("sip:a,b@c")]
    [InlineData("sip:user@example.com;tag=")]
    [InlineData("<>")]
    [InlineData("<sip:>")]
    [InlineData("plain-text")]
    public void TryParse_Malformed_Fails(string text) =>
        Assert.False(NameAddress.TryParse(Bytes(text), out _));

    [Fact]
    public void TryParse_UnicodeQuotedDisplayName_IsAccepted()
    {
        var a = ParseAddress("\"Jäsøn\" <sip:j@example.com>");

        Assert.Equal("Jäsøn", QuotedString.Decode(a.DisplayName.Span));
    }

    [Fact]
    public void TryParse_QuotedDisplayNameWithAngleBracketInside_IsAccepted()
    {
        var a = ParseAddress("\"a <b> c\" <sip:a@b>");

        Assert.Equal("sip:a@b", Text(a.UriText));
    }
}
