using System.Net;
using Bridgehead.Sip;
using Bridgehead.Sip.Transport;

namespace Bridgehead.Tests.Transport;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("udp:127.0.0.1:5060", SipTransportKind.Udp, "127.0.0.1", 5060)]
    [InlineData("tcp:[::1]:5060", SipTransportKind.Tcp, "::1", 5060)]
    [InlineData("tls:0.0.0.0:5061", SipTransportKind.Tls, "0.0.0.0", 5061)]
    [InlineData("TLS:[::]:0", SipTransportKind.Tls, "::", 0)]
    [InlineData("  udp:10.0.0.1:5080  ", SipTransportKind.Udp, "10.0.0.1", 5080)]
    [InlineData("ws:127.0.0.1:8080", SipTransportKind.Ws, "127.0.0.1", 8080)]
    [InlineData("wss:[2001:db8::1]:7443", SipTransportKind.Wss, "2001:db8::1", 7443)]
    public void TryParse_GoodForms_GiveTransportAndEndPoint(string text, SipTransportKind transport, string ip, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var address, out var error), error);

        Assert.Equal(transport, address.Transport);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(ip), port), address.EndPoint);
        Assert.Null(address.AdvertisedHost);
        Assert.Null(address.AdvertisedPort);
    }

    [Theory]
    [InlineData("udp:127.0.0.1", 5060)]
    [InlineData("tcp:[::1]", 5060)]
    [InlineData("tls:0.0.0.0", 5061)]
    public void TryParse_NoPort_UsesTheTransportDefault(string text, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var address, out _));

        Assert.Equal(port, address.EndPoint.Port);
    }

    [Theory]
    [InlineData("udp:10.0.0.1:5060 as 203.0.113.5:5060", "203.0.113.5", 5060)]
    [InlineData("udp:10.0.0.1:5060   AS   203.0.113.5:5070", "203.0.113.5", 5070)]
    [InlineData("tcp:[fd00::1]:5060 as [2001:db8::5]:5060", "2001:db8::5", 5060)]
    [InlineData("tls:10.0.0.1:5061 as sip.example.com:443", "sip.example.com", 443)]
    [InlineData("udp:10.0.0.1:5060 as sip.example.com", "sip.example.com", null)]
    public void TryParse_As_GivesTheAdvertisedAddress(string text, string host, int? port)
    {
        Assert.True(ListenAddress.TryParse(text, out var address, out var error), error);

        Assert.Equal(host, address.AdvertisedHost);
        Assert.Equal(port, address.AdvertisedPort);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("127.0.0.1:5060", "unknown scheme '127.0.0.1'")]
    [InlineData("5060", "no scheme")]
    [InlineData("sctp:127.0.0.1:5060", "unknown scheme 'sctp'")]
    [InlineData("udp:", "the address is missing")]
    [InlineData("udp:127.0.0.1:", "port '' is not a number")]
    [InlineData("udp:127.0.0.1:65536", "port '65536'")]
    [InlineData("udp:127.0.0.1:50x", "port '50x'")]
    [InlineData("udp:127.0.0.1:-1", "port '-1'")]
    [InlineData("udp:localhost:5060", "not an IPv4 or bracketed IPv6 literal")]
    [InlineData("udp:10.1:5060", "not an IPv4 or bracketed IPv6 literal")]
    [InlineData("udp:300.0.0.1:5060", "not an IPv4")]
    [InlineData("udp:::1:5060", "in brackets")]
    [InlineData("udp:[::1:5060", "without closing it")]
    [InlineData("udp:[127.0.0.1]:5060", "is not an IPv6 address")]
    [InlineData("udp:[::1]5060", "unexpected '5060'")]
    [InlineData("udp:10.0.0.1:5060 as", "'as' is not followed")]
    [InlineData("udp:10.0.0.1:5060 as 0.0.0.0:5060", "wildcard")]
    [InlineData("udp:10.0.0.1:5060 as 203.0.113.5:0", "advertised port 0")]
    [InlineData("udp:10.0.0.1:5060 as bad_host!", "neither an IP literal nor a DNS name")]
    [InlineData("udp:10.0.0.1:5060 via 1.2.3.4", "unexpected text")]
    public void TryParse_BadForms_SayWhatIsWrong(string text, string expectedError)
    {
        Assert.False(ListenAddress.TryParse(text, out var address, out var error));

        Assert.Null(address);
        Assert.Contains(expectedError, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("udp:127.0.0.1:5060")]
    [InlineData("tcp:[::1]:5060")]
    [InlineData("udp:10.0.0.1:5060 as 203.0.113.5:5060")]
    [InlineData("tls:[fd00::1]:5061 as [2001:db8::5]")]
    [InlineData("udp:10.0.0.1:5060 as sip.example.com:5070")]
    public void ToString_RoundTrips(string text)
    {
        var address = ListenAddress.Parse(text);

        Assert.Equal(text, address.ToString());
        Assert.Equal(address, ListenAddress.Parse(address.ToString()));
    }

    [Fact]
    public void Parse_BadForm_ThrowsFormatExceptionWithTheReason()
    {
        var e = Assert.Throws<FormatException>(() => ListenAddress.Parse("udp:1.2.3.4:99999"));

        Assert.Contains("99999", e.Message, StringComparison.Ordinal);
    }
}
