using System.Net;
using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class ViaReceivedTests
{
    private static string Write(string viaValue, string source)
    {
        var bytes = Bytes(viaValue);
        Assert.True(Via.TryParse(bytes, out var via));
        using var writer = new SipMessageWriter();
        ViaReceived.Write(writer, bytes, via, IPEndPoint.Parse(source));
        var result = Text(writer.ToArray());
        Assert.True(Via.TryParse(Bytes(result), out _), result);
        return result;
    }

    [Fact]
    public void Write_Rport_AddsReceivedAndPortEvenWhenHostMatches()
    {
        // RFC 3581 §4: with rport, received is set even if sent-by is the source address.
        Assert.Equal(
            "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1;received=192.0.2.10;rport=40001",
            Write("SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bK1", "192.0.2.10:40001"));
    }

    [Fact]
    public void Write_RportBehindNat_AddsPublicAddressAndPort()
    {
        Assert.Equal(
            "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;received=203.0.113.9;rport=61000",
            Write("SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;rport", "203.0.113.9:61000"));
    }

    [Fact]
    public void Write_NoRportAndMatchingHost_ChangesNothing()
    {
        Assert.Equal(
            "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1",
            Write("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1", "192.0.2.10:5060"));
    }

    [Fact]
    public void Write_NoRportAndHostName_AddsReceivedOnly()
    {
        // RFC 3261 §18.2.1: sent-by is a domain name, so received is added.
        Assert.Equal(
            "SIP/2.0/TCP client.example.com;branch=z9hG4bK1;received=192.0.2.77",
            Write("SIP/2.0/TCP client.example.com;branch=z9hG4bK1", "192.0.2.77:33333"));
    }

    [Fact]
    public void Write_ExistingReceivedAndRport_AreReplacedNotDuplicated()
    {
        Assert.Equal(
            "SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1;x=1;received=203.0.113.9;rport=5",
            Write("SIP/2.0/UDP 10.0.0.5;received=1.2.3.4;branch=z9hG4bK1;rport=77;x=1", "203.0.113.9:5"));
    }

    [Fact]
    public void Write_Ipv6Source_WritesAddressWithoutBrackets()
    {
        Assert.Equal(
            "SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111;received=2001:db8::9:255;rport=5060",
            Write("SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111;rport", "[2001:db8::9:255]:5060"));
    }

    [Fact]
    public void Write_Ipv6HostMatchingSource_ChangesNothing()
    {
        Assert.Equal(
            "SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bK1",
            Write("SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bK1", "[2001:db8::9:1]:5060"));
    }

    [Fact]
    public void Write_Ipv4MappedSourceFromDualModeSocket_WritesTheIpv4Address()
    {
        Assert.Equal(
            "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;received=203.0.113.9;rport=61000",
            Write("SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;rport", "[::ffff:203.0.113.9]:61000"));
    }

    [Fact]
    public void Write_Ipv4MappedSourceMatchingSentBy_ChangesNothing()
    {
        Assert.Equal(
            "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1",
            Write("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1", "[::ffff:192.0.2.10]:5060"));
    }

    [Fact]
    public void Write_SpacedParameters_KeepsTheRestAsWritten()
    {
        Assert.Equal(
            "SIP/2.0/UDP h ; branch = z9hG4bK1  ;x;received=192.0.2.1;rport=9",
            Write("SIP/2.0/UDP h ; branch = z9hG4bK1 ; rport ;x", "192.0.2.1:9"));
    }

    [Theory]
    [InlineData("SIP/2.0/UDP 192.0.2.10;rport;branch=z9hG4bK1", "198.51.100.1:40000", "198.51.100.1:40000")]
    [InlineData("SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK1", "198.51.100.1:40000", "198.51.100.1:5070")]
    [InlineData("SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1", "198.51.100.1:40000", "198.51.100.1:5060")]
    [InlineData("SIP/2.0/TLS client.example.com;branch=z9hG4bK1", "198.51.100.1:40000", "198.51.100.1:5061")]
    [InlineData("SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1", "192.0.2.10:5060", "192.0.2.10:5060")]
    public void ResponseDestination_Via_IsSourceAddressWithRportOrSentByPort(string viaValue, string source, string expected)
    {
        Assert.True(Via.TryParse(Bytes(viaValue), out var via));

        Assert.Equal(IPEndPoint.Parse(expected), ViaReceived.ResponseDestination(via, IPEndPoint.Parse(source)));
    }
}
