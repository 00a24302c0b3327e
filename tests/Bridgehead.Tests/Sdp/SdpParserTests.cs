using System.Text;
using Bridgehead.Sdp;

namespace Bridgehead.Tests.Sdp;

public sealed class SdpParserTests
{
    internal static string Body(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    internal static readonly string[] MinimalHead = ["v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0"];

    private static SdpParseFailure Fail(string text)
    {
        Assert.False(SdpParser.TryParse(text, out var session, out var failure));
        Assert.Null(session);
        return failure;
    }

    public static TheoryData<string> Samples => [.. SdpSamples.All];

    [Theory]
    [MemberData(nameof(Samples))]
    public void TryParse_RealSample_WritesBackByteIdentical(string name)
    {
        var bytes = SdpSamples.Read(name);

        Assert.True(SdpParser.TryParse(bytes, out var session, out var failure), failure.ToString());

        Assert.Equal(bytes, SdpWriter.ToBytes(session));
        Assert.Equal(bytes.Length, SdpWriter.ToBytes(session).Length);
    }

    [Fact]
    public void TryParse_ChromeOffer_ReadsWebRtcFields()
    {
        var session = SdpSamples.Parse("chrome-offer.sdp");

        Assert.Equal(new SdpOrigin("-", "8569507788553852046", "2", "IN", "IP4", "127.0.0.1"), session.Origin);
        Assert.Equal("-", session.SessionName);
        Assert.Null(session.Connection);
        Assert.Equal(["0"], session.BundleGroup!.MediaIds);
        var audio = Assert.Single(session.Media);
        Assert.Equal("audio", audio.MediaType);
        Assert.Equal(37782, audio.Port);
        Assert.Equal(SdpProtocol.UdpTlsRtpSavpf, audio.Protocol);
        Assert.Equal(["111", "63", "9", "0", "8", "13", "110", "126"], audio.Formats);
        Assert.Equal(new SdpConnection("IN", "IP4", "127.0.0.1"), audio.Connection);
        Assert.Equal(new SdpRtcp(9, new SdpConnection("IN", "IP4", "0.0.0.0")), audio.Rtcp);
        Assert.Equal("bRJt", audio.IceUfrag);
        Assert.Equal("+bGlqT/yQV+M7nCQ+QSWqjUB", audio.IcePwd);
        Assert.Equal(["trickle"], audio.IceOptions);
        Assert.Equal(SdpSetupRole.ActPass, audio.Setup);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpReducedSize);
        Assert.False(audio.EndOfCandidates);
        var fingerprint = Assert.Single(audio.Fingerprints);
        Assert.Equal("sha-256", fingerprint.HashFunction);
        Assert.Equal(32, fingerprint.GetDigest().Length);
        Assert.Equal(0x96, fingerprint.GetDigest()[0]);
        Assert.Equal([1, 2, 3, 4], audio.Extmaps.Select(e => e.Id));
        Assert.Equal("urn:ietf:params:rtp-hdrext:sdes:mid", audio.Extmaps[3].Uri);
        Assert.Equal(2, audio.GetAttributeValues("ssrc").Count());
        Assert.StartsWith("bded2efe", audio.GetAttribute("msid"), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ChromeOffer_ReadsUdpAndTcpActiveCandidates()
    {
        var audio = SdpSamples.Parse("chrome-offer.sdp").Media[0];

        Assert.Equal(2, audio.Candidates.Count);
        var udp = audio.Candidates[0];
        Assert.True(udp.IsUdp);
        Assert.Equal(("328780941", 1, 2122260223u, "127.0.0.1", 37782, "host"), (udp.Foundation, udp.Component, udp.Priority, udp.Address, udp.Port, udp.Type));
        Assert.Null(udp.TcpType);
        var tcp = audio.Candidates[1];
        Assert.True(tcp.IsTcp);
        Assert.Equal(9, tcp.Port);
        Assert.Equal("active", tcp.TcpType);
        Assert.Equal(["generation", "network-id", "network-cost"], tcp.Extensions.Select(e => e.Key));
    }

    [Fact]
    public void TryParse_ChromeOffer_ListsCodecsWithRtpmapAndFmtp()
    {
        var audio = SdpSamples.Parse("chrome-offer.sdp").Media[0];

        Assert.Equal(
            ["opus/48000/2", "red/48000/2", "G722/8000/1", "PCMU/8000/1", "PCMA/8000/1", "CN/8000/1", "telephone-event/48000/1", "telephone-event/8000/1"],
            audio.Codecs.Select(c => $"{c.Name}/{c.ClockRate}/{c.Channels}"));
        Assert.Equal("minptime=10;useinbandfec=1", audio.Codecs[0].FormatParameters);
        Assert.Equal("111/111", audio.FindFmtp("63")!.Parameters);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), audio.FindRtpMap(111));
    }

    [Fact]
    public void TryParse_BaresipOffer_ReadsPlainRtpFields()
    {
        var session = SdpSamples.Parse("baresip-offer.sdp");

        Assert.Equal("2004760999", session.Origin.SessionVersion);
        Assert.Equal(new SdpConnection("IN", "IP4", "127.0.0.1"), session.Connection);
        Assert.Equal("baresip 1.0.0", session.GetAttribute("tool"));
        var audio = Assert.Single(session.Media);
        Assert.Equal(SdpProtocol.RtpAvp, audio.Protocol);
        Assert.Null(audio.Connection);
        Assert.Equal(session.Connection, session.GetEffectiveConnection(audio));
        Assert.False(audio.RtcpMux);
        Assert.True(audio.RtcpReducedSize);
        Assert.Null(audio.Rtcp);
        Assert.Equal(20, audio.Ptime);
        Assert.Equal("20", audio.GetAttribute("minptime"));
        Assert.Equal(["PCMU", "PCMA", "opus", "telephone-event"], audio.Codecs.Select(c => c.Name));
        Assert.Equal("0-15", audio.Codecs[3].FormatParameters);
        Assert.Empty(audio.Candidates);
        Assert.Null(audio.IceUfrag);
    }

    [Fact]
    public void TryParse_RtpengineWebRtcRewrite_ReadsWhatABrowserNeeds()
    {
        var session = SdpSamples.Parse("rtpengine-webrtc-offer.sdp");
        var audio = Assert.Single(session.Media);

        // Mixed endings: the LF lines rtpengine was given, CRLF for the lines it wrote.
        Assert.Equal(SdpLineEnding.Lf, session.Lines[0].Ending);
        Assert.Equal(SdpLineEnding.CrLf, audio.Lines[^1].Ending);
        Assert.Equal(SdpProtocol.UdpTlsRtpSavpf, audio.Protocol);
        Assert.Equal("1", audio.Mid);
        Assert.True(audio.RtcpMux);
        Assert.Equal(new SdpRtcp(audio.Port), audio.Rtcp);
        Assert.Equal(SdpSetupRole.ActPass, audio.Setup);
        var candidate = Assert.Single(audio.Candidates);
        Assert.Equal(("mvt7MQDpsieNFAM3", "UDP", 2130706431u, audio.Port), (candidate.Foundation, candidate.Transport, candidate.Priority, candidate.Port));
        Assert.True(candidate.IsUdp);
        Assert.Equal(32, Assert.Single(audio.Fingerprints).GetDigest().Length);
        Assert.Equal(["PCMU", "PCMA", "opus", "telephone-event"], audio.Codecs.Select(c => c.Name));
    }

    [Fact]
    public void TryParse_StaticPayloadTypeWithoutRtpmap_UsesRfc3551Table()
    {
        var session = SdpSamples.ParseText(SdpParserTests.Body([.. MinimalHead, "m=audio 4000 RTP/AVP 0 8 18 9 96"]));

        // 96 is dynamic and has no rtpmap: it names no codec.
        Assert.Equal(["PCMU/8000", "PCMA/8000", "G729/8000", "G722/8000"], session.Media[0].Codecs.Select(c => $"{c.Name}/{c.ClockRate}"));
    }

    [Fact]
    public void TryParse_LfOnlyBodyWithoutFinalNewline_RoundTrips()
    {
        var text = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0\na=sendrecv";

        var session = SdpSamples.ParseText(text);

        Assert.Equal(SdpLineEnding.Lf, session.Lines[0].Ending);
        Assert.Equal(SdpLineEnding.None, session.Media[0].Lines[^1].Ending);
        Assert.Equal(text, session.ToString());
    }

    [Fact]
    public void TryParse_TrailingBlankLines_AreKeptAsTrailer()
    {
        var text = Body([.. MinimalHead, "m=audio 4000 RTP/AVP 0"]) + "\r\n\r\n";

        var session = SdpSamples.ParseText(text);

        Assert.Equal("\r\n\r\n", session.Trailer);
        Assert.Equal(text, session.ToString());
    }

    [Fact]
    public void TryParse_UnknownLinesAndAttributes_AreCarriedInOrder()
    {
        var text = Body("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "i=a call", "u=http://example.com/", "e=ops@example.com", "c=IN IP4 192.0.2.1",
            "b=AS:64", "t=0 0", "y=0100000001", "a=x-custom:1 2  3", "m=audio 4000 RTP/AVP 0", "a=label:1", "k=prompt", "a=x-flag");

        var session = SdpSamples.ParseText(text);

        Assert.Equal(text, session.ToString());
        Assert.Equal("1 2  3", session.GetAttribute("x-custom"));
        Assert.Equal(['v', 'o', 's', 'i', 'u', 'e', 'c', 'b', 't', 'y', 'a'], session.Lines.Select(l => l.Type));
        Assert.Equal("", session.Media[0].GetAttribute("x-flag"));
    }

    [Fact]
    public void TryParse_Latin1SessionName_IsKeptAsBytes()
    {
        var head = Encoding.ASCII.GetBytes("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=");
        var tail = Encoding.ASCII.GetBytes("\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n");
        byte[] bytes = [.. head, 0x43, 0x61, 0x66, 0xE9, .. tail]; // "Café" in ISO-8859-1

        Assert.True(SdpParser.TryParse(bytes, out var session, out _));

        Assert.Equal("Café", session.SessionName);
        Assert.True(session.Lines[2].IsLatin1);
        Assert.Equal(bytes, SdpWriter.ToBytes(session));
    }

    [Fact]
    public void TryParse_Utf8SessionName_IsDecoded()
    {
        var session = SdpSamples.ParseText(Body("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=通话", "c=IN IP4 192.0.2.1", "t=0 0"));

        Assert.Equal("通话", session.SessionName);
        Assert.False(session.Lines[2].IsLatin1);
    }

    [Fact]
    public void TryParse_Ipv6ConnectionAndMulticast_AreSplit()
    {
        var session = SdpSamples.ParseText(Body("v=0", "o=- 1 1 IN IP6 2001:db8::1", "s=-", "c=IN IP6 2001:db8::2", "t=0 0",
            "m=audio 4000 RTP/AVP 0", "m=audio 5000 RTP/AVP 0", "c=IN IP4 233.252.0.1/127/3"));

        Assert.True(session.Connection!.IsIPv6);
        Assert.True(session.Connection.TryGetIPAddress(out var address));
        Assert.Equal(System.Net.IPAddress.Parse("2001:db8::2"), address);
        Assert.Equal(new SdpConnection("IN", "IP4", "233.252.0.1", 127, 3), session.Media[1].Connection);
    }

    [Fact]
    public void TryParse_RejectedStreamWithoutConnection_IsAccepted()
    {
        var session = SdpSamples.ParseText(Body("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0",
            "m=audio 4000 RTP/AVP 0", "c=IN IP4 192.0.2.1", "m=video 0 RTP/AVP 96"));

        Assert.True(session.Media[1].IsRejected);
    }

    [Theory]
    [InlineData("", SdpParseError.Empty, 0)]
    [InlineData("o=- 1 1 IN IP4 192.0.2.1\r\n", SdpParseError.MissingVersion, 1)]
    [InlineData("v=1\r\n", SdpParseError.UnsupportedVersion, 1)]
    [InlineData("v=0\r\nhello\r\n", SdpParseError.MalformedLine, 2)]
    [InlineData("v=0\r\nO=- 1 1 IN IP4 192.0.2.1\r\n", SdpParseError.MalformedLine, 2)]
    [InlineData("v=0\r\no =- 1 1 IN IP4 192.0.2.1\r\n", SdpParseError.MalformedLine, 2)]
    [InlineData("v=0\r\n\r\no=- 1 1 IN IP4 192.0.2.1\r\n", SdpParseError.BlankLine, 2)]
    [InlineData("\r\n", SdpParseError.BlankLine, 1)]
    [InlineData("v=0\r\ns=a\0b\r\n", SdpParseError.InvalidCharacter, 2)]
    [InlineData("v=0\r\ns=a\rb\r\n", SdpParseError.InvalidCharacter, 2)]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\n", SdpParseError.MissingOrigin, 0)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\n", SdpParseError.MissingSessionName, 0)]
    [InlineData("v=0\r\no=- 1 x IN IP4 192.0.2.1\r\n", SdpParseError.InvalidOrigin, 2)]
    [InlineData("v=0\r\no=- 1 1 IN IP4\r\n", SdpParseError.InvalidOrigin, 2)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\no=- 1 1 IN IP4 192.0.2.1\r\n", SdpParseError.LineOutOfPlace, 3)]
    [InlineData("v=0\r\nv=0\r\n", SdpParseError.LineOutOfPlace, 2)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=now 0\r\n", SdpParseError.InvalidTiming, 4)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nb=AS\r\n", SdpParseError.InvalidBandwidth, 4)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4\r\n", SdpParseError.InvalidConnection, 4)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 233.252.0.1/x\r\n", SdpParseError.InvalidConnection, 4)]
    public void TryParse_MalformedSessionPart_ReturnsReasonAndLine(string text, SdpParseError error, int line)
    {
        Assert.Equal(new SdpParseFailure(error, line), Fail(text));
    }

    [Theory]
    [InlineData("m=audio 70000 RTP/AVP 0", SdpParseError.InvalidMediaLine)]
    [InlineData("m=audio 4000 RTP/AVP", SdpParseError.InvalidMediaLine)]
    [InlineData("m=audio x RTP/AVP 0", SdpParseError.InvalidMediaLine)]
    [InlineData("t=0 0", SdpParseError.LineOutOfPlace)]
    [InlineData("a=rtpmap:200 PCMU/8000", SdpParseError.InvalidRtpMap)]
    [InlineData("a=rtpmap:0 PCMU", SdpParseError.InvalidRtpMap)]
    [InlineData("a=fmtp:", SdpParseError.InvalidFmtp)]
    [InlineData("a=ptime:twenty", SdpParseError.InvalidPtime)]
    [InlineData("a=rtcp:port", SdpParseError.InvalidRtcp)]
    [InlineData("a=rtcp:4001 IN IP4", SdpParseError.InvalidRtcp)]
    [InlineData("a=candidate:1 1 udp 2122260223 192.0.2.1 4000 host", SdpParseError.InvalidCandidate)]
    [InlineData("a=candidate:1 1 udp 99999999999 192.0.2.1 4000 typ host", SdpParseError.InvalidCandidate)]
    [InlineData("a=candidate:1 1 udp 1 192.0.2.1 4000 typ host generation", SdpParseError.InvalidCandidate)]
    [InlineData("a=ice-ufrag:", SdpParseError.InvalidIceCredentials)]
    [InlineData("a=fingerprint:sha-256 9G:A6", SdpParseError.InvalidFingerprint)]
    [InlineData("a=fingerprint:sha-256 96:A6:", SdpParseError.InvalidFingerprint)]
    [InlineData("a=setup:maybe", SdpParseError.InvalidSetup)]
    [InlineData("a=crypto:1 AES_CM_128_HMAC_SHA1_80", SdpParseError.InvalidCrypto)]
    [InlineData("a=extmap:0 urn:x", SdpParseError.InvalidExtmap)]
    [InlineData("a=extmap:1/sideways urn:x", SdpParseError.InvalidExtmap)]
    [InlineData("a=mid:", SdpParseError.InvalidMid)]
    [InlineData("a=:x", SdpParseError.InvalidAttribute)]
    public void TryParse_MalformedMediaLine_ReturnsReasonAndLine(string bad, SdpParseError error)
    {
        var text = Body([.. MinimalHead, "m=audio 4000 RTP/AVP 0", bad]);
        var expectedLine = bad.StartsWith("m=", StringComparison.Ordinal) ? 6 : 7;
        if (bad.StartsWith("m=", StringComparison.Ordinal))
        {
            text = Body([.. MinimalHead, bad]);
        }

        Assert.Equal(new SdpParseFailure(error, expectedLine), Fail(text));
    }

    [Fact]
    public void TryParse_BadGroup_IsReportedAtSessionLevel()
    {
        Assert.Equal(new SdpParseFailure(SdpParseError.InvalidGroup, 6), Fail(Body([.. MinimalHead, "a=group:BUNDLE a,b"])));
    }

    [Fact]
    public void TryParse_MediaWithoutAnyConnection_IsMissingConnection()
    {
        var failure = Fail(Body("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0", "m=audio 4000 RTP/AVP 0", "a=sendrecv", "m=video 5000 RTP/AVP 96"));

        Assert.Equal(new SdpParseFailure(SdpParseError.MissingConnection, 5), failure);
    }

    [Fact]
    public void TryParse_SecondMediaWithoutConnection_PointsAtItsMediaLine()
    {
        var failure = Fail(Body("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0", "m=audio 4000 RTP/AVP 0", "c=IN IP4 192.0.2.1", "m=video 5000 RTP/AVP 96"));

        Assert.Equal(new SdpParseFailure(SdpParseError.MissingConnection, 7), failure);
    }

    [Fact]
    public void TryParse_OverLimits_ReturnsLimitReasons()
    {
        var limits = new SdpParseLimits { MaxLength = 100, MaxLines = 6, MaxMedia = 1 };

        Assert.False(SdpParser.TryParse(new string('a', 101), out _, out var tooLarge, limits));
        Assert.Equal(SdpParseError.TooLarge, tooLarge.Error);
        Assert.False(SdpParser.TryParse(Body([.. MinimalHead, "a=a", "a=b"]), out _, out var tooManyLines, limits with { MaxLength = 1000 }));
        Assert.Equal(new SdpParseFailure(SdpParseError.TooManyLines, 7), tooManyLines);
        Assert.False(SdpParser.TryParse(Body([.. MinimalHead, "m=audio 1 RTP/AVP 0", "m=audio 2 RTP/AVP 0"]), out _, out var tooManyMedia, limits with { MaxLength = 1000, MaxLines = 100 }));
        Assert.Equal(new SdpParseFailure(SdpParseError.TooManyMedia, 7), tooManyMedia);
    }
}
