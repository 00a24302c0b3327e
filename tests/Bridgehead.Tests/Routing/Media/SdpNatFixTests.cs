using System.Net;
using System.Text;
using Bridgehead.Routing.Media;

namespace Bridgehead.Tests.Routing.Media;

public sealed class SdpNatFixTests
{
    private static readonly IPAddress Public = IPAddress.Parse("203.0.113.7");

    private static string? Fix(string sdp, IPAddress? address = null) =>
        SdpNatFix.Rewrite(Encoding.ASCII.GetBytes(sdp), address ?? Public) is { } bytes ? Encoding.ASCII.GetString(bytes) : null;

    [Fact]
    public void Rewrite_PrivateOriginAndConnection_BecomeThePublicAddress()
    {
        var sdp = "v=0\r\no=FreeSWITCH 1700000000 1700000001 IN IP4 10.0.0.5\r\ns=FreeSWITCH\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\nm=audio 16384 RTP/AVP 0 101\r\nc=IN IP4 192.168.1.20\r\n";

        Assert.Equal(
            "v=0\r\no=FreeSWITCH 1700000000 1700000001 IN IP4 203.0.113.7\r\ns=FreeSWITCH\r\nc=IN IP4 203.0.113.7\r\nt=0 0\r\nm=audio 16384 RTP/AVP 0 101\r\nc=IN IP4 203.0.113.7\r\n",
            Fix(sdp));
    }

    [Fact]
    public void Rewrite_MulticastTtlSuffixAndBareLineFeeds_AreKept()
    {
        Assert.Equal("v=0\nc=IN IP4 203.0.113.7/127\n", Fix("v=0\nc=IN IP4 172.16.9.9/127\n"));
    }

    [Theory]
    [InlineData("c=IN IP4 198.51.100.20\r\n")]
    [InlineData("c=IN IP4 172.32.0.1\r\n")]
    [InlineData("c=IN IP6 fd00::5\r\n")]
    [InlineData("a=candidate:1 1 udp 1 10.0.0.5 4000 typ host\r\n")]
    [InlineData("c=IN IP4\r\n")]
    public void Rewrite_NothingPrivateOfTheFamily_ReturnsNull(string sdp) => Assert.Null(Fix("v=0\r\n" + sdp));

    [Fact]
    public void Rewrite_Ipv6PublicAddress_ReplacesUniqueLocalIpv6Only()
    {
        Assert.Equal("c=IN IP6 2001:db8::7\r\nc=IN IP4 10.0.0.1\r\n", Fix("c=IN IP6 fd12::1\r\nc=IN IP4 10.0.0.1\r\n", IPAddress.Parse("2001:db8::7")));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("192.168.0.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("169.254.1.1", true)]
    [InlineData("fc00::1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("100.128.0.1", false)]
    [InlineData("2001:db8::1", false)]
    public void IsPrivate_KnownRanges(string address, bool expected) => Assert.Equal(expected, SdpNatFix.IsPrivate(IPAddress.Parse(address)));
}
