using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class SipUriTests
{
    [Fact]
    public void TryParse_FullSipUri_SplitsEveryPart()
    {
        Assert.True(SipUri.TryParse("sip:alice:secret@atlanta.example.com:5070;transport=tcp;lr?Subject=hi&Priority=urgent", out var uri));

        Assert.Equal(UriScheme.Sip, uri.Scheme);
        Assert.True(uri.IsSip);
        Assert.True(uri.HasUser);
        Assert.Equal("alice", Text(uri.User));
        Assert.Equal("secret", Text(uri.Password));
        Assert.Equal("atlanta.example.com", Text(uri.Host));
        Assert.Equal("atlanta.example.com", uri.HostText);
        Assert.Equal(5070, uri.Port);
        Assert.Equal(";transport=tcp;lr", Text(uri.Parameters));
        Assert.Equal("Subject=hi&Priority=urgent", Text(uri.Headers));
        Assert.Equal(SipTransportKind.Tcp, uri.Transport);
        Assert.True(uri.IsLooseRouter);
        Assert.False(uri.IsIpv6Host);
    }

    [Fact]
    public void TryParse_HostOnly_HasNoUserPortOrParameters()
    {
        var uri = SipUri.Parse("sips:example.com");

        Assert.Equal(UriScheme.Sips, uri.Scheme);
        Assert.False(uri.HasUser);
        Assert.True(uri.User.IsEmpty);
        Assert.Equal(0, uri.Port);
        Assert.True(uri.Parameters.IsEmpty);
        Assert.True(uri.Headers.IsEmpty);
        Assert.Null(uri.Transport);
        Assert.False(uri.IsLooseRouter);
        Assert.Equal("sips:example.com", uri.ToString());
    }

    [Theory]
    [InlineData("SIP:a@b", UriScheme.Sip)]
    [InlineData("Sips:a@b", UriScheme.Sips)]
    [InlineData("tel:+1-555-0100", UriScheme.Tel)]
    [InlineData("http://www.example.com", UriScheme.Other)]
    [InlineData("isbn:2983792873", UriScheme.Other)]
    [InlineData("soap.beep://192.0.2.103:3002", UriScheme.Other)]
    public void TryParse_Scheme_IsIdentifiedCaseInsensitively(string text, UriScheme expected)
    {
        Assert.True(SipUri.TryParse(text, out var uri));
        Assert.Equal(expected, uri.Scheme);
        Assert.Equal(text, uri.ToString());
    }

    [Theory]
    [InlineData("sip:[2001:db8::10]", "[2001:db8::10]", "2001:db8::10", 0)]
    [InlineData("sip:[2001:db8::10]:5070", "[2001:db8::10]", "2001:db8::10", 5070)]
    [InlineData("sip:[2001:db8::10:5070]", "[2001:db8::10:5070]", "2001:db8::10:5070", 0)]
    [InlineData("sip:user@[::ffff:192.0.2.10]:19823;lr", "[::ffff:192.0.2.10]", "::ffff:192.0.2.10", 19823)]
    [InlineData("sip:[2001:db8::192.0.2.1]", "[2001:db8::192.0.2.1]", "2001:db8::192.0.2.1", 0)]
    public void TryParse_Ipv6Reference_KeepsBracketsInHost(string text, string host, string hostText, int port)
    {
        Assert.True(SipUri.TryParse(text, out var uri));

        Assert.True(uri.IsIpv6Host);
        Assert.Equal(host, Text(uri.Host));
        Assert.Equal(hostText, uri.HostText);
        Assert.Equal(port, uri.Port);
    }

    [Theory]
    [InlineData("sip:2001:db8::10")]
    [InlineData("sip:[2001:db8:::192.0.2.1]")]
    [InlineData("sip:[2001:db8::10")]
    [InlineData("sip:[]")]
    [InlineData("sip:[zz::1]")]
    [InlineData("sip:[192.0.2.1]")]
    public void TryParse_BadIpv6Reference_Fails(string text) =>
        Assert.False(SipUri.TryParse(text, out _));

    [Theory]
    [InlineData("sip:")]
    [InlineData("sip")]
    [InlineData(":a@b")]
    [InlineData("1sip:a@b")]
    [InlineData("s p:a@b")]
    [InlineData("sip:a@")]
    [InlineData("sip:@host")]
    [InlineData("sip:a b@host")]
    [InlineData("sip:host:0")]
    [InlineData("sip:host:65536")]
    [InlineData("sip:host:123456")]
    [InlineData("sip:host:")]
    [InlineData("sip:host:50x")]
    [InlineData("sip:host;")]
    [InlineData("sip:host;=v")]
    [InlineData("sip:host;p=")]
    [InlineData("sip:host;p=a b")]
    [InlineData("sip:host?")]
    [InlineData("sip:host?a=<b>")]
    [InlineData("sip:host x")]
    [InlineData("sip:us%4ger@host")]
    [InlineData("sip:user@host;p=%4")]
    [InlineData("sip:user:pa;ss@host")]
    [InlineData("tel:")]
    [InlineData("tel:+1 555")]
    public void TryParse_Malformed_Fails(string text) =>
        Assert.False(SipUri.TryParse(text, out _));

    [Fact]
    public void Parse_Malformed_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => SipUri.Parse("sip:"));

    [Fact]
    public void TryParse_UserWithSemicolonAndEscapes_KeepsItEscaped()
    {
        // RFC 4475 semiuri: the user part may contain ';' and '='.
        Assert.True(SipUri.TryParse("sip:user;par=u%40example.net@example.com", out var uri));

        Assert.Equal("user;par=u%40example.net", Text(uri.User));
        Assert.Equal("user;par=u@example.net", uri.UserText);
        Assert.Equal("example.com", Text(uri.Host));
        Assert.True(uri.Parameters.IsEmpty);
    }

    [Fact]
    public void UserText_EscapedNul_IsKeptAsACharacter()
    {
        // RFC 4475 escnull: %00 does not terminate the string.
        Assert.True(SipUri.TryParse("sip:null-%00-null@example.com", out var uri));

        Assert.Equal("null-\0-null", uri.UserText);
    }

    [Fact]
    public void UserText_EscapedUtf8_IsDecoded()
    {
        Assert.True(SipUri.TryParse("sip:J%C3%A4s%C3%B8n@example.com", out var uri));

        Assert.Equal("Jäsøn", uri.UserText);
    }

    [Fact]
    public void TryGetParameter_NameInAnyCase_ReturnsRawValue()
    {
        Assert.True(SipUri.TryParse("sip:host;Transport=WS;maddr=239.255.255.1;lr;n%61me=v%61lue", out var uri));

        Assert.True(uri.TryGetParameter("transport"u8, out var transport));
        Assert.Equal("WS", Text(transport));
        Assert.Equal(SipTransportKind.Ws, uri.Transport);
        Assert.True(uri.TryGetParameter("MADDR"u8, out var maddr));
        Assert.Equal("239.255.255.1", Text(maddr));
        Assert.True(uri.TryGetParameter("lr"u8, out var lr));
        Assert.True(lr.IsEmpty);
        Assert.True(uri.HasParameter("n%61me"u8));
        Assert.False(uri.HasParameter("name"u8));
        Assert.False(uri.TryGetParameter("ttl"u8, out _));
    }

    [Theory]
    [InlineData("sip:h;transport=udp", SipTransportKind.Udp)]
    [InlineData("sip:h;transport=TLS", SipTransportKind.Tls)]
    [InlineData("sip:h;transport=wss", SipTransportKind.Wss)]
    public void Transport_KnownTransport_IsParsed(string text, SipTransportKind expected) =>
        Assert.Equal(expected, SipUri.Parse(text).Transport);

    [Theory]
    [InlineData("sip:h;transport=sctp")]
    [InlineData("sip:h;transport=averyverylongtransport")]
    [InlineData("sip:h;transport")]
    public void Transport_UnknownTransport_IsNull(string text) =>
        Assert.Null(SipUri.Parse(text).Transport);

    [Theory]
    [InlineData("sip:h", SipTransportKind.Udp, 5060)]
    [InlineData("sip:h", SipTransportKind.Tls, 5061)]
    [InlineData("sips:h", SipTransportKind.Tcp, 5061)]
    [InlineData("sip:h:5080", SipTransportKind.Tls, 5080)]
    [InlineData("sip:h", SipTransportKind.Wss, 5061)]
    public void PortOrDefault_NoExplicitPort_DependsOnSchemeAndTransport(string text, SipTransportKind transport, int expected) =>
        Assert.Equal(expected, SipUri.Parse(text).PortOrDefault(transport));

    [Fact]
    public void TryParse_Memory_SlicesTheGivenBuffer()
    {
        var buffer = Bytes("xx<sip:bob@biloxi.example.com:5060>yy");
        var memory = new ReadOnlyMemory<byte>(buffer, 3, buffer.Length - 6);

        Assert.True(SipUri.TryParse(memory, out var uri));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(uri.Host, out var segment));
        Assert.Same(buffer, segment.Array);
        Assert.Equal(11, segment.Offset);
    }

    [Fact]
    public void TryParse_EscapedHeaderInUri_IsKeptInHeaders()
    {
        // RFC 4475 regescrt: the escaped header stays in the stored Contact URI.
        Assert.True(SipUri.TryParse("sip:user@example.com?Route=%3Csip:sip.example.com%3E", out var uri));

        Assert.Equal("Route=%3Csip:sip.example.com%3E", Text(uri.Headers));
    }
}
