using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class ViaTests
{
    private static Via ParseVia(string text)
    {
        Assert.True(Via.TryParse(Bytes(text), out var via), text);
        return via;
    }

    [Fact]
    public void TryParse_TypicalVia_ReadsEveryPart()
    {
        var via = ParseVia("SIP/2.0/UDP 192.0.2.10:5062;rport;branch=z9hG4bK776asdhds;received=198.51.100.1");

        Assert.Equal("UDP", Text(via.TransportToken));
        Assert.Equal(SipTransportKind.Udp, via.Transport);
        Assert.Equal("192.0.2.10", Text(via.Host));
        Assert.Equal("192.0.2.10", via.HostText);
        Assert.Equal(5062, via.Port);
        Assert.Equal(5062, via.PortOrDefault);
        Assert.Equal("192.0.2.10:5062", Text(via.SentBy));
        Assert.Equal(";rport;branch=z9hG4bK776asdhds;received=198.51.100.1", Text(via.Parameters));
        Assert.Equal("z9hG4bK776asdhds", Text(via.Branch));
        Assert.True(via.HasBranch);
        Assert.True(via.HasMagicCookie);
        Assert.True(via.HasRport);
        Assert.Equal("198.51.100.1", Text(via.Received));
        Assert.True(via.Maddr.IsEmpty);
    }

    [Fact]
    public void TryParse_WhiteSpaceAroundSlashesAndParameters_IsAccepted()
    {
        // RFC 4475 wsinv.
        var via = ParseVia("SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8");

        Assert.Equal(SipTransportKind.Tcp, via.Transport);
        Assert.Equal("spindle.example.com", Text(via.Host));
        Assert.Equal(0, via.Port);
        Assert.Equal("z9hG4bK9ikj8", Text(via.Branch));
    }

    [Theory]
    [InlineData("SCTP")]
    [InlineData("UNKNOWN")]
    [InlineData("DTLS-SCTP")]
    public void TryParse_UnknownTransport_KeepsTheToken(string transport)
    {
        var via = ParseVia($"SIP/2.0/{transport} t.example.com;branch=z9hG4bKx");

        Assert.Null(via.Transport);
        Assert.Equal(transport, Text(via.TransportToken));
    }

    [Theory]
    [InlineData("sip/2.0/udp h", SipTransportKind.Udp)]
    [InlineData("SIP/2.0/WS h", SipTransportKind.Ws)]
    [InlineData("SIP/2.0/WSS h", SipTransportKind.Wss)]
    [InlineData("SIP/2.0/TLS h", SipTransportKind.Tls)]
    public void TryParse_KnownTransport_IsCaseInsensitive(string text, SipTransportKind expected) =>
        Assert.Equal(expected, ParseVia(text).Transport);

    [Fact]
    public void TryParse_Ipv6SentBy_KeepsBrackets()
    {
        var via = ParseVia("SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111;received=[2001:db8::9:255]");

        Assert.Equal("[2001:db8::9:1]", Text(via.Host));
        Assert.Equal("2001:db8::9:1", via.HostText);
        Assert.Equal(6050, via.Port);
        Assert.Equal("[2001:db8::9:255]", Text(via.Received));
    }

    [Fact]
    public void TryParse_Ipv6ReceivedWithoutBrackets_IsAccepted()
    {
        var via = ParseVia("SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3-111");

        Assert.Equal("2001:db8::9:255", Text(via.Received));
        Assert.Equal("z9hG4bKas3-111", Text(via.Branch));
    }

    [Theory]
    [InlineData("")]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0/UDP ")]
    [InlineData("SIP/2.0/UDPhost")]
    [InlineData("SIP/2.0 host")]
    [InlineData("SIP/3.0/UDP host")]
    [InlineData("HTTP/2.0/UDP host")]
    [InlineData("SIP/2.0/UDP host:")]
    [InlineData("SIP/2.0/UDP host:99999")]
    [InlineData("SIP/2.0/UDP host;")]
    [InlineData("SIP/2.0/UDP host;branch=")]
    [InlineData("SIP/2.0/UDP host;branch=\"open")]
    [InlineData("SIP/2.0/UDP host garbage")]
    [InlineData("SIP/2.0/UDP [::1")]
    [InlineData("SIP/2.0/UDP host : 5060")]
    public void TryParse_Malformed_Fails(string text) =>
        Assert.False(Via.TryParse(Bytes(text), out _));

    [Theory]
    [InlineData("SIP/2.0/UDP h", 5060)]
    [InlineData("SIP/2.0/TCP h", 5060)]
    [InlineData("SIP/2.0/TLS h", 5061)]
    [InlineData("SIP/2.0/WSS h", 5061)]
    [InlineData("SIP/2.0/WS h", 5060)]
    [InlineData("SIP/2.0/SCTP h", 5060)]
    [InlineData("SIP/2.0/TLS h:5080", 5080)]
    public void PortOrDefault_NoExplicitPort_DefaultsByTransport(string text, int expected) =>
        Assert.Equal(expected, ParseVia(text).PortOrDefault);

    [Theory]
    [InlineData("SIP/2.0/UDP h;branch=z9hG4bK", false)]
    [InlineData("SIP/2.0/UDP h;branch=z9hG4bKa", true)]
    [InlineData("SIP/2.0/UDP h;branch=390skdjuw", false)]
    [InlineData("SIP/2.0/UDP h", false)]
    public void HasMagicCookie_Branch_NeedsCookieAndMore(string text, bool expected) =>
        Assert.Equal(expected, ParseVia(text).HasMagicCookie);

    [Fact]
    public void TryGetParameter_QuotedOrMaddr_ReturnsRawValue()
    {
        var via = ParseVia("SIP/2.0/UDP h;maddr=224.0.0.1;ttl=1;x=\"a;b\"");

        Assert.Equal("224.0.0.1", Text(via.Maddr));
        Assert.True(via.TryGetParameter("x"u8, out var x));
        Assert.Equal("\"a;b\"", Text(x));
        Assert.False(via.HasRport);
        Assert.False(via.HasBranch);
        Assert.True(via.Branch.IsEmpty);
    }
}
