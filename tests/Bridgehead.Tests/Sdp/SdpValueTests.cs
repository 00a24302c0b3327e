using System.Net;
using Bridgehead.Sdp;

namespace Bridgehead.Tests.Sdp;

public sealed class SdpValueTests
{
    [Theory]
    [InlineData("328780941 1 udp 2122260223 127.0.0.1 37782 typ host generation 0 network-id 1 network-cost 50")]
    [InlineData("3979483161 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1 network-cost 50")]
    [InlineData("842163049 1 udp 1677729535 203.0.113.9 61665 typ srflx raddr 10.0.0.9 rport 61665 generation 0 ufrag EsAw")]
    [InlineData("1 2 UDP 16777215 198.51.100.1 3478 typ relay raddr 203.0.113.9 rport 50000")]
    [InlineData("4 1 tcp 1 2001:db8::1 5000 typ host tcptype passive")]
    [InlineData("a1b2 1 udp 2122260223 9f8e7d6c-1234-4abc-9def-0123456789ab.local 50000 typ host")]
    public void Candidate_FormatOfParse_IsIdentity(string text)
    {
        Assert.True(SdpCandidate.TryParse(text, out var candidate));

        Assert.Equal(text, candidate.ToString());
    }

    [Fact]
    public void Candidate_Srflx_ReadsRelatedAddress()
    {
        Assert.True(SdpCandidate.TryParse("842163049 1 udp 1677729535 203.0.113.9 61665 typ srflx raddr 10.0.0.9 rport 61665 generation 0", out var candidate));

        Assert.Equal((SdpCandidate.ServerReflexive, "10.0.0.9", (int?)61665), (candidate.Type, candidate.RelatedAddress, candidate.RelatedPort));
        Assert.Equal("0", Assert.Single(candidate.Extensions).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 0 udp 1 192.0.2.1 1 typ host")]
    [InlineData("1 1 udp 1 192.0.2.1 65536 typ host")]
    [InlineData("1 1 udp -1 192.0.2.1 1 typ host")]
    [InlineData("1 1 udp 1 192.0.2.1 1 type host")]
    [InlineData("1 1 udp 1 192.0.2.1 1 typ")]
    [InlineData("1 1 udp 1 192.0.2.1 1 typ host rport x")]
    [InlineData("123456789012345678901234567890123 1 udp 1 192.0.2.1 1 typ host")]
    public void Candidate_Malformed_IsRejected(string text)
    {
        Assert.False(SdpCandidate.TryParse(text, out _));
    }

    [Fact]
    public void Fingerprint_FromDigest_RoundTripsAndMatchesCaseInsensitively()
    {
        byte[] digest = [0x96, 0xA6, 0x0F, 0x00];

        var fingerprint = SdpFingerprint.FromDigest("sha-256", digest);

        Assert.Equal("sha-256 96:A6:0F:00", fingerprint.ToString());
        Assert.True(SdpFingerprint.TryParse("SHA-256 96:a6:0f:00", out var lower));
        Assert.True(lower.Matches("sha-256", digest));
        Assert.False(lower.Matches("sha-1", digest));
        Assert.False(lower.Matches("sha-256", [0x96]));
    }

    [Theory]
    [InlineData("IN IP4 192.0.2.1", "IN IP4 192.0.2.1", null, null)]
    [InlineData("IN IP4 233.252.0.1/127", "IN IP4 233.252.0.1/127", 127, null)]
    [InlineData("IN IP4 233.252.0.1/127/3", "IN IP4 233.252.0.1/127/3", 127, 3)]
    [InlineData("IN IP6 ff15::101/3", "IN IP6 ff15::101/3", null, 3)]
    [InlineData("IN IP4 media.example.com", "IN IP4 media.example.com", null, null)]
    public void Connection_Parse_SplitsMulticastSuffix(string text, string formatted, int? ttl, int? count)
    {
        Assert.True(SdpConnection.TryParse(text, out var connection));

        Assert.Equal((ttl, count), (connection.Ttl, connection.AddressCount));
        Assert.Equal(formatted, connection.ToString());
    }

    [Theory]
    [InlineData("IN IP6 ff15::101/3/2")]
    [InlineData("IN IP4 /3")]
    [InlineData("IN IP4 192.0.2.1 extra")]
    [InlineData("IN")]
    public void Connection_Malformed_IsRejected(string text)
    {
        Assert.False(SdpConnection.TryParse(text, out _));
    }

    [Fact]
    public void Connection_FromAddress_DropsIpv6Scope()
    {
        var connection = SdpConnection.FromAddress(IPAddress.Parse("fe80::1%2"));

        Assert.Equal("IN IP6 fe80::1", connection.ToString());
        Assert.False(connection.IsUnspecified);
        Assert.True(SdpConnection.FromAddress(IPAddress.IPv6Any).IsUnspecified);
        Assert.False(new SdpConnection("IN", "IP6", "0.0.0.0").TryGetIPAddress(out _));
    }

    [Theory]
    [InlineData("111 opus/48000/2", 111, "opus", 48000, 2)]
    [InlineData("0 PCMU/8000", 0, "PCMU", 8000, 1)]
    [InlineData("96 H264/90000", 96, "H264", 90000, 1)]
    public void RtpMap_Parse_ReadsChannelsDefaultingToOne(string text, int pt, string name, int rate, int channels)
    {
        Assert.True(SdpRtpMap.TryParse(text, out var rtpMap));

        Assert.Equal((pt, name, rate, channels), (rtpMap.PayloadType, rtpMap.EncodingName, rtpMap.ClockRate, rtpMap.Channels));
        Assert.Equal(text, rtpMap.ToString());
    }

    [Fact]
    public void Extmap_WithDirectionAndAttributes_RoundTrips()
    {
        Assert.True(SdpExtmap.TryParse("3/recvonly urn:ietf:params:rtp-hdrext:encrypt urn:x", out var extmap));

        Assert.Equal(new SdpExtmap(3, "urn:ietf:params:rtp-hdrext:encrypt", SdpDirection.RecvOnly, "urn:x"), extmap);
        Assert.Equal("3/recvonly urn:ietf:params:rtp-hdrext:encrypt urn:x", extmap.ToString());
    }

    [Fact]
    public void Fmtp_GetParameters_SplitsPairs()
    {
        var fmtp = new SdpFmtp("111", "minptime=10; useinbandfec=1;stereo");

        Assert.Equal(new Dictionary<string, string> { ["minptime"] = "10", ["useinbandfec"] = "1", ["stereo"] = "" }, fmtp.GetParameters());
    }

    [Fact]
    public void Direction_ReverseAndParse()
    {
        Assert.Equal(SdpDirection.RecvOnly, SdpDirection.SendOnly.Reverse());
        Assert.Equal(SdpDirection.Inactive, SdpDirection.Inactive.Reverse());
        Assert.True(SdpDirectionExtensions.TryParse("inactive", out var d));
        Assert.Equal(SdpDirection.Inactive, d);
        Assert.False(SdpDirectionExtensions.TryParse("Inactive", out _));
    }
}
