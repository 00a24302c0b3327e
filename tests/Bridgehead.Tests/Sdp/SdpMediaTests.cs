using Bridgehead.Sdp;

namespace Bridgehead.Tests.Sdp;

public sealed class SdpMediaTests
{
    [Fact]
    public void SetCodecs_SubsetOfChromeOffer_DropsTheirLinesAndKeepsTheRestUntouched()
    {
        var session = SdpSamples.Parse("chrome-offer.sdp");
        var audio = session.Media[0];
        var keep = audio.Codecs.Where(c => c.Name is "PCMU" or "PCMA" || c is { Name: "telephone-event", ClockRate: 8000 }).ToList();
        var untouched = audio.Lines.Where(l => l.Value is "rtpmap:0 PCMU/8000" or "rtpmap:8 PCMA/8000" or "rtpmap:126 telephone-event/8000").ToList();

        audio.SetCodecs(keep);

        Assert.Equal(["0", "8", "126"], audio.Formats);
        Assert.Equal(["0 PCMU/8000", "8 PCMA/8000", "126 telephone-event/8000"], audio.GetAttributeValues("rtpmap"));
        Assert.Empty(audio.GetAttributeValues("fmtp"));
        Assert.Empty(audio.GetAttributeValues("rtcp-fb"));
        Assert.All(untouched, line => Assert.Contains(line, audio.Lines));
        Assert.Equal(2, audio.GetAttributeValues("ssrc").Count());
        Assert.True(SdpParser.TryParse(session.ToString(), out _, out _));
    }

    [Fact]
    public void SetCodecs_Reordered_RewritesOnlyTheMediaLine()
    {
        var session = SdpSamples.Parse("baresip-offer.sdp");
        var audio = session.Media[0];
        var before = audio.Lines.Skip(1).ToList();

        audio.SetCodecs([.. audio.Codecs.Reverse()]);

        Assert.Equal("audio 10810 RTP/AVP 101 96 8 0", audio.Lines[0].Value);
        Assert.Equal(before, audio.Lines.Skip(1));
    }

    [Fact]
    public void SetCodecs_NewCodecAndChangedFmtp_AddsAfterFormatBlock()
    {
        var session = SdpSamples.Parse("baresip-offer.sdp");
        var audio = session.Media[0];
        var codecs = audio.Codecs.ToList();
        codecs[2] = codecs[2] with { FormatParameters = "useinbandfec=1" };
        codecs.Add(new SdpCodec(9, "G722", 8000));

        audio.SetCodecs(codecs);

        Assert.Equal("96 useinbandfec=1", audio.FindFmtp("96")!.ToString());
        Assert.Equal(new SdpRtpMap(9, "G722", 8000), audio.FindRtpMap(9));
        var lines = audio.Lines.Select(l => l.Value).ToList();
        Assert.Equal(lines.IndexOf("fmtp:101 0-15") + 1, lines.IndexOf("rtpmap:9 G722/8000"));
    }

    [Fact]
    public void SetCodecs_PayloadTypeRemapped_ReplacesRtpmapAndFmtp()
    {
        var session = SdpSamples.Parse("baresip-offer.sdp");
        var audio = session.Media[0];

        audio.SetCodecs([new SdpCodec(0, "PCMU", 8000), new SdpCodec(126, "telephone-event", 8000, FormatParameters: "0-16")]);

        Assert.Equal(["0", "126"], audio.Formats);
        Assert.Equal(["0 PCMU/8000", "126 telephone-event/8000"], audio.GetAttributeValues("rtpmap"));
        Assert.Equal(["126 0-16"], audio.GetAttributeValues("fmtp"));
    }

    [Fact]
    public void SetCodecs_InvalidInput_Throws()
    {
        var audio = SdpSamples.Parse("baresip-offer.sdp").Media[0];

        Assert.Throws<ArgumentException>(() => audio.SetCodecs([]));
        Assert.Throws<ArgumentException>(() => audio.SetCodecs([new SdpCodec(0, "PCMU", 8000), new SdpCodec(0, "PCMA", 8000)]));
        Assert.Throws<ArgumentException>(() => audio.SetCodecs([new SdpCodec(0, "PC MU", 8000)]));
        Assert.Throws<ArgumentException>(() => audio.SetCodecs([new SdpCodec(96, "opus", 48000, 2, "a\r\nb")]));
        Assert.Equal(4, audio.Codecs.Count);
    }

    [Fact]
    public void RetainFormats_DataChannelStyle_KeepsGivenTokens()
    {
        var session = SdpSamples.ParseText(SdpParserTests.Body([.. SdpParserTests.MinimalHead, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=sctp-port:5000"]));

        session.Media[0].RetainFormats(["webrtc-datachannel"]);

        Assert.Empty(session.Media[0].Codecs);
        Assert.Equal(["webrtc-datachannel"], session.Media[0].Formats);
    }

    [Fact]
    public void IceAttributes_RemovedAndForced_LikeARelayTowardsABrowser()
    {
        var session = SdpSamples.Parse("chrome-offer.sdp");
        var audio = session.Media[0];

        audio.RemoveAttributes(a => a.Name is "candidate" or "end-of-candidates");
        audio.IceUfrag = "Rly1";
        audio.IcePwd = "relaypassword0123456789";
        audio.IceOptions = [];
        audio.AddCandidate(new SdpCandidate("1", 1, "UDP", 2130706431, "203.0.113.7", 30000, SdpCandidate.Host));
        audio.EndOfCandidates = true;
        audio.SetFingerprints([SdpFingerprint.FromDigest("sha-256", new byte[32])]);
        audio.Setup = SdpSetupRole.Passive;

        var reparsed = SdpSamples.ParseText(session.ToString()).Media[0];
        Assert.Equal("Rly1", reparsed.IceUfrag);
        Assert.Equal("relaypassword0123456789", reparsed.IcePwd);
        Assert.Empty(reparsed.IceOptions);
        Assert.Equal("1 1 UDP 2130706431 203.0.113.7 30000 typ host", Assert.Single(reparsed.Candidates).ToString());
        Assert.True(reparsed.EndOfCandidates);
        Assert.Equal(SdpSetupRole.Passive, reparsed.Setup);
        Assert.Equal(new byte[32], Assert.Single(reparsed.Fingerprints).GetDigest());
    }

    [Fact]
    public void RtcpAttributes_SetAndCleared()
    {
        var audio = SdpSamples.Parse("baresip-offer.sdp").Media[0];

        audio.Rtcp = new SdpRtcp(10811);
        audio.RtcpMux = true;
        audio.RtcpReducedSize = false;
        audio.Ptime = 30;
        audio.MaxPtime = 60;

        Assert.Equal("10811", audio.GetAttribute("rtcp"));
        Assert.True(audio.RtcpMux);
        Assert.False(audio.HasAttribute("rtcp-rsize"));
        Assert.Equal((30, 60), (audio.Ptime, audio.MaxPtime));

        audio.Rtcp = null;
        audio.RtcpMux = false;
        Assert.Null(audio.Rtcp);
        Assert.False(audio.RtcpMux);
    }

    [Fact]
    public void Cryptos_SdesOffer_AreReadWithKeyParamsAsWritten()
    {
        var session = SdpSamples.ParseText(SdpParserTests.Body([.. SdpParserTests.MinimalHead, "m=audio 4000 RTP/SAVP 0",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4 FEC_ORDER=FEC_SRTP",
            "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:32;inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIz|2^20|2:32"]));
        var media = session.Media[0];

        Assert.Equal(2, media.Cryptos.Count);
        Assert.Equal(new SdpCrypto(1, "AES_CM_128_HMAC_SHA1_80", "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4", "FEC_ORDER=FEC_SRTP"), media.Cryptos[0]);
        Assert.Contains(";inline:", media.Cryptos[1].KeyParameters, StringComparison.Ordinal);
        Assert.Null(media.Cryptos[1].SessionParameters);
        Assert.True(SdpProtocol.IsSecure(media.Protocol));
        Assert.False(SdpProtocol.IsDtls(media.Protocol));

        media.RemoveAttributes(SdpCrypto.AttributeName);
        media.AddCrypto(new SdpCrypto(1, "AES_CM_128_HMAC_SHA1_80", "inline:AAAA"));
        Assert.Equal("1 AES_CM_128_HMAC_SHA1_80 inline:AAAA", media.GetAttribute("crypto"));
    }

    [Fact]
    public void SetAttribute_Duplicates_KeepsFirstPositionAndRemovesOthers()
    {
        var session = SdpSamples.ParseText(SdpParserTests.Body([.. SdpParserTests.MinimalHead, "m=audio 4000 RTP/AVP 0", "a=ptime:20", "a=x", "a=ptime:30"]));
        var media = session.Media[0];

        media.SetAttribute("ptime", "40");

        Assert.Equal(["audio 4000 RTP/AVP 0", "ptime:40", "x"], media.Lines.Select(l => l.Value));
    }

    [Fact]
    public void Mid_SetAndRemove()
    {
        var audio = SdpSamples.Parse("baresip-offer.sdp").Media[0];

        audio.Mid = "audio";
        Assert.Equal("audio", audio.Mid);
        audio.Mid = null;
        Assert.False(audio.HasAttribute("mid"));
    }

    [Theory]
    [InlineData(SdpProtocol.RtpAvp, true, false, false, false)]
    [InlineData(SdpProtocol.RtpAvpf, true, false, false, true)]
    [InlineData(SdpProtocol.RtpSavp, true, true, false, false)]
    [InlineData(SdpProtocol.RtpSavpf, true, true, false, true)]
    [InlineData(SdpProtocol.UdpTlsRtpSavpf, true, true, true, true)]
    [InlineData(SdpProtocol.UdpDtlsSctp, false, false, true, false)]
    public void SdpProtocol_ClassifiesProfiles(string protocol, bool rtp, bool secure, bool dtls, bool feedback)
    {
        Assert.Equal((rtp, secure, dtls, feedback), (SdpProtocol.IsRtp(protocol), SdpProtocol.IsSecure(protocol), SdpProtocol.IsDtls(protocol), SdpProtocol.HasFeedback(protocol)));
    }
}
