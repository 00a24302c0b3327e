using System.Net;
using Bridgehead.Sdp;

namespace Bridgehead.Tests.Sdp;

public sealed class SdpSessionTests
{
    private static readonly string SwitchOffer = SdpParserTests.Body(
        "v=0", "o=FreeSWITCH 1700000000 1700000001 IN IP4 10.0.0.5", "s=FreeSWITCH", "c=IN IP4 10.0.0.5", "t=0 0",
        "m=audio 24000 RTP/AVP 0 8 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-16", "a=ptime:20", "a=sendrecv");

    [Fact]
    public void Origin_ReplaceAddressAndBumpVersion_RewritesOnlyTheOriginLine()
    {
        var session = SdpSamples.ParseText(SwitchOffer);

        session.Origin = session.Origin.WithAddress(IPAddress.Parse("203.0.113.7")).WithNextVersion();

        Assert.Equal(SwitchOffer.Replace("o=FreeSWITCH 1700000000 1700000001 IN IP4 10.0.0.5", "o=FreeSWITCH 1700000000 1700000002 IN IP4 203.0.113.7", StringComparison.Ordinal), session.ToString());
    }

    [Theory]
    [InlineData("1", "2")]
    [InlineData("9", "10")]
    [InlineData("199", "200")]
    [InlineData("18446744073709551615", "18446744073709551616")]
    public void WithNextVersion_AnyLength_IncrementsDecimal(string version, string next)
    {
        var origin = new SdpOrigin("-", "1", version, "IN", "IP4", "192.0.2.1");

        Assert.Equal(next, origin.WithNextVersion().SessionVersion);
    }

    [Fact]
    public void WithAddress_Ipv6_SwitchesAddressType()
    {
        var origin = new SdpOrigin("-", "1", "1", "IN", "IP4", "192.0.2.1").WithAddress(IPAddress.Parse("2001:db8::7"));

        Assert.Equal("- 1 1 IN IP6 2001:db8::7", origin.ToString());
    }

    [Fact]
    public void Connection_SetAtSessionAndMedia_RewritesInPlace()
    {
        var session = SdpSamples.ParseText(SwitchOffer);

        session.Connection = SdpConnection.FromAddress(IPAddress.Parse("203.0.113.7"));
        session.Media[0].Port = 30000;

        Assert.Equal(
            SwitchOffer.Replace("c=IN IP4 10.0.0.5", "c=IN IP4 203.0.113.7", StringComparison.Ordinal).Replace("m=audio 24000", "m=audio 30000", StringComparison.Ordinal),
            session.ToString());
    }

    [Fact]
    public void Connection_AddedToMedia_GoesAfterMediaLineBeforeAttributes()
    {
        var session = SdpSamples.ParseText(SwitchOffer);

        session.Media[0].Connection = SdpConnection.FromAddress(IPAddress.Parse("198.51.100.1"));

        Assert.Equal("c=IN IP4 198.51.100.1", session.Media[0].Lines[1].ToString());
        Assert.Equal(session.Media[0].Connection, session.GetEffectiveConnection(session.Media[0]));
    }

    [Fact]
    public void Connection_AddedToSession_GoesBeforeTiming()
    {
        var session = SdpSamples.Parse("chrome-offer.sdp");

        session.Connection = SdpConnection.FromAddress(IPAddress.Loopback);

        Assert.Equal(['v', 'o', 's', 'c', 't', 'a'], session.Lines.Select(l => l.Type).Distinct());
        Assert.Equal(3, session.IndexOfLine('c'));
    }

    [Fact]
    public void Connection_SetNull_RemovesLine()
    {
        var session = SdpSamples.Parse("chrome-offer.sdp");

        session.Media[0].Connection = null;

        Assert.Equal(-1, session.Media[0].IndexOfLine('c'));
    }

    [Theory]
    [InlineData("a=sendrecv", "", SdpDirection.SendRecv)]
    [InlineData("a=sendonly", "", SdpDirection.SendOnly)]
    [InlineData("a=inactive", "", SdpDirection.Inactive)]
    [InlineData("", "a=recvonly", SdpDirection.RecvOnly)]
    [InlineData("a=sendonly", "a=recvonly", SdpDirection.RecvOnly)]
    [InlineData("", "", SdpDirection.SendRecv)]
    public void GetEffectiveDirection_MediaOverridesSessionOverridesDefault(string sessionAttribute, string mediaAttribute, SdpDirection expected)
    {
        var lines = new List<string>(SdpParserTests.MinimalHead);
        if (sessionAttribute.Length > 0)
        {
            lines.Add(sessionAttribute);
        }

        lines.Add("m=audio 4000 RTP/AVP 0");
        if (mediaAttribute.Length > 0)
        {
            lines.Add(mediaAttribute);
        }

        var session = SdpSamples.ParseText(SdpParserTests.Body([.. lines]));

        Assert.Equal(expected, session.GetEffectiveDirection(session.Media[0]));
    }

    [Theory]
    [InlineData("a=sendrecv", SdpDirection.SendOnly)]
    [InlineData("a=recvonly", SdpDirection.Inactive)]
    [InlineData("a=sendonly", SdpDirection.SendOnly)]
    public void GetEffectiveDirection_Rfc2543HoldAddress_RemovesReceive(string attribute, SdpDirection expected)
    {
        var session = SdpSamples.ParseText(SdpParserTests.Body("v=0", "o=- 1 2 IN IP4 192.0.2.1", "s=-", "c=IN IP4 0.0.0.0", "t=0 0", "m=audio 4000 RTP/AVP 0", attribute));

        Assert.Equal(expected, session.GetEffectiveDirection(session.Media[0]));
        Assert.True(session.IsOnHold(session.Media[0]));
    }

    [Fact]
    public void GetEffectiveDirection_IcePlaceholderAddress_IsNotHold()
    {
        // Chromium before gathering: c=0.0.0.0 and port 9, with ICE credentials (RFC 8839 §4.2.1.1).
        var session = SdpSamples.ParseText(SdpParserTests.Body("v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=ice-ufrag:abcd", "a=ice-pwd:0123456789012345678901", "a=sendrecv"));

        Assert.Equal(SdpDirection.SendRecv, session.GetEffectiveDirection(session.Media[0]));
        Assert.False(session.IsOnHold(session.Media[0]));
    }

    [Fact]
    public void Direction_Set_RewritesTheDirectionLineInPlace()
    {
        var session = SdpSamples.Parse("chrome-offer.sdp");
        var index = session.Media[0].Lines.ToList().FindIndex(l => l.Value == "sendrecv");

        session.Media[0].Direction = SdpDirection.SendOnly;

        Assert.Equal("a=sendonly", session.Media[0].Lines[index].ToString());
        Assert.Equal(SdpDirection.SendOnly, session.GetEffectiveDirection(session.Media[0]));
    }

    [Fact]
    public void Direction_SetWhenSeveral_KeepsOneAndSetNullRemovesIt()
    {
        var session = SdpSamples.ParseText(SdpParserTests.Body([.. SdpParserTests.MinimalHead, "m=audio 4000 RTP/AVP 0", "a=sendonly", "a=x", "a=inactive"]));
        var media = session.Media[0];

        media.Direction = SdpDirection.RecvOnly;
        Assert.Equal(["audio 4000 RTP/AVP 0", "recvonly", "x"], media.Lines.Select(l => l.Value));

        media.Direction = null;
        Assert.Equal(["audio 4000 RTP/AVP 0", "x"], media.Lines.Select(l => l.Value));
        Assert.Null(media.Direction);
    }

    [Fact]
    public void Groups_SetBundle_ReplacesAndRemoves()
    {
        var session = SdpSamples.Parse("chrome-offer.sdp");

        session.SetGroup(SdpGroup.Bundle, ["0", "1"]);
        Assert.Equal("group:BUNDLE 0 1", session.Lines[4].Value);

        session.SetGroup(SdpGroup.Bundle, null);
        Assert.Null(session.BundleGroup);
    }

    [Fact]
    public void IceLite_SetTrue_AddsSessionAttributeOnce()
    {
        var session = SdpSamples.Parse("chrome-offer.sdp");

        session.IceLite = true;
        session.IceLite = true;

        Assert.Single(session.Attributes, a => a.Name == "ice-lite");
        Assert.True(session.IceLite);
    }

    [Fact]
    public void Clone_Mutated_LeavesOriginalUntouched()
    {
        var bytes = SdpSamples.Read("chrome-offer.sdp");
        Assert.True(SdpParser.TryParse(bytes, out var session, out _));

        var copy = session.Clone();
        copy.Media[0].Port = 1;
        copy.Origin = copy.Origin.WithNextVersion();
        copy.Media.Add(new SdpMedia(new SdpMediaLine("video", 0, null, SdpProtocol.RtpAvp, ["96"])));

        Assert.Equal(bytes, SdpWriter.ToBytes(session));
        Assert.NotEqual(bytes, SdpWriter.ToBytes(copy));
    }

    [Fact]
    public void NewSession_BuiltFromScratch_ParsesBack()
    {
        var session = new SdpSession(new SdpOrigin("bridgehead", "42", "1", "IN", "IP4", "203.0.113.7"))
        {
            Connection = SdpConnection.FromAddress(IPAddress.Parse("203.0.113.7")),
        };
        var media = new SdpMedia(new SdpMediaLine("audio", 30000, null, SdpProtocol.RtpAvp, ["0"]));
        media.SetCodecs([new SdpCodec(0, "PCMU", 8000), new SdpCodec(101, "telephone-event", 8000, FormatParameters: "0-16")]);
        media.Ptime = 20;
        media.Direction = SdpDirection.SendRecv;
        session.Media.Add(media);

        var text = session.ToString();

        Assert.Equal(
            SdpParserTests.Body("v=0", "o=bridgehead 42 1 IN IP4 203.0.113.7", "s=-", "c=IN IP4 203.0.113.7", "t=0 0",
                "m=audio 30000 RTP/AVP 0 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16", "a=ptime:20", "a=sendrecv"),
            text);
        Assert.True(SdpParser.TryParse(text, out _, out _));
    }

    [Fact]
    public void AddAttribute_AfterLastLineWithoutEnding_WritesSeparatingEnding()
    {
        var session = SdpSamples.ParseText("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0");

        session.Media[0].AddAttribute("rtcp-mux");

        Assert.Equal("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0\na=rtcp-mux\n", session.ToString());
    }

    [Fact]
    public void InvalidEdits_AreRefusedWithoutChangingTheSession()
    {
        var session = SdpSamples.Parse("chrome-offer.sdp");
        var before = session.ToString();

        Assert.Throws<ArgumentException>(() => session.AddAttribute("candidate", "garbage"));
        Assert.Throws<ArgumentException>(() => session.Media[0].AddAttribute("x", "a\r\nm=audio 1 RTP/AVP 0"));
        Assert.Throws<ArgumentException>(() => session.RemoveLineAt(1));
        Assert.Throws<ArgumentException>(() => session.Media[0].InsertLine(1, new SdpLine('m', "audio 1 RTP/AVP 0")));
        Assert.Throws<ArgumentException>(() => session.ReplaceLine(0, new SdpLine('o', "- 1 1 IN IP4 192.0.2.1")));
        Assert.Throws<ArgumentException>(() => session.Trailer = "x");
        Assert.Throws<ArgumentException>(() => session.Media[0].Port = 70000);

        Assert.Equal(before, session.ToString());
    }
}
