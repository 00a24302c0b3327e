using Bridgehead.Sdp;

namespace Bridgehead.Tests.Sdp;

public sealed class SdpOfferAnswerTests
{
    private static readonly SdpCodec[] SwitchCodecs =
    [
        new(0, "PCMU", 8000),
        new(8, "PCMA", 8000),
        new(101, "telephone-event", 8000, FormatParameters: "0-16"),
    ];

    [Fact]
    public void MatchCodecs_ChromeOfferAgainstG711Switch_KeepsOfferOrderAndOfferPayloadTypes()
    {
        var offered = SdpSamples.Parse("chrome-offer.sdp").Media[0].Codecs;

        var matches = SdpOfferAnswer.MatchCodecs(offered, SwitchCodecs);

        Assert.Equal(["PCMU", "PCMA", "telephone-event"], matches.Select(m => m.Offered.Name));
        // Chrome calls telephone-event/8000 126; the switch calls it 101; the answer must say 126.
        var dtmf = matches[2];
        Assert.Equal((126, 101), (dtmf.Offered.PayloadType, dtmf.Local.PayloadType));
        Assert.Equal(new SdpCodec(126, "telephone-event", 8000, 1, "0-16"), dtmf.ForAnswer);
    }

    [Fact]
    public void MatchCodecs_TelephoneEventWithoutVoiceCodecOfItsRate_IsDropped()
    {
        SdpCodec[] offered = [new(111, "opus", 48000, 2), new(110, "telephone-event", 48000), new(126, "telephone-event", 8000), new(0, "PCMU", 8000)];
        SdpCodec[] supported = [new(96, "OPUS", 48000, 2), new(101, "telephone-event", 8000), new(102, "telephone-event", 48000)];

        var matches = SdpOfferAnswer.MatchCodecs(offered, supported);

        // opus/48000 is shared, PCMU is not: telephone-event/8000 has no voice codec to ride with.
        Assert.Equal([111, 110], matches.Select(m => m.Offered.PayloadType));
    }

    [Fact]
    public void MatchCodecs_ChannelsAndClockRateDiffer_NoMatch()
    {
        SdpCodec[] offered = [new(111, "opus", 48000, 2), new(9, "G722", 8000)];
        SdpCodec[] supported = [new(96, "opus", 48000, 1), new(97, "G722", 16000)];

        Assert.Empty(SdpOfferAnswer.MatchCodecs(offered, supported));
    }

    [Fact]
    public void MatchCodecs_AnswerBuiltFromMatches_ValidatesAgainstOffer()
    {
        var offer = SdpSamples.Parse("chrome-offer.sdp");
        var answer = SdpSamples.Parse("baresip-offer.sdp");
        var matches = SdpOfferAnswer.MatchCodecs(offer.Media[0].Codecs, answer.Media[0].Codecs);

        answer.Media[0].SetCodecs([.. matches.Select(m => m.ForAnswer)]);

        Assert.Equal(["111", "0", "8", "126"], answer.Media[0].Formats);
        Assert.Equal(SdpAnswerError.None, SdpOfferAnswer.ValidateAnswer(offer, answer, out _));
    }

    [Theory]
    [InlineData(SdpDirection.SendRecv, SdpDirection.SendRecv, SdpDirection.SendRecv)]
    [InlineData(SdpDirection.SendOnly, SdpDirection.SendRecv, SdpDirection.RecvOnly)]
    [InlineData(SdpDirection.RecvOnly, SdpDirection.SendRecv, SdpDirection.SendOnly)]
    [InlineData(SdpDirection.Inactive, SdpDirection.SendRecv, SdpDirection.Inactive)]
    [InlineData(SdpDirection.SendRecv, SdpDirection.RecvOnly, SdpDirection.RecvOnly)]
    [InlineData(SdpDirection.SendOnly, SdpDirection.SendOnly, SdpDirection.Inactive)]
    public void AnswerDirection_NarrowsTheOffer(SdpDirection offered, SdpDirection local, SdpDirection expected)
    {
        Assert.Equal(expected, SdpOfferAnswer.AnswerDirection(offered, local));
    }

    [Theory]
    [InlineData(SdpSetupRole.ActPass, SdpSetupRole.Active, SdpSetupRole.Active)]
    [InlineData(SdpSetupRole.ActPass, SdpSetupRole.Passive, SdpSetupRole.Passive)]
    [InlineData(SdpSetupRole.Active, SdpSetupRole.Active, SdpSetupRole.Passive)]
    [InlineData(SdpSetupRole.Passive, SdpSetupRole.Passive, SdpSetupRole.Active)]
    [InlineData(SdpSetupRole.HoldConn, SdpSetupRole.Active, SdpSetupRole.HoldConn)]
    public void AnswerSetup_FollowsRfc5763(SdpSetupRole offered, SdpSetupRole preferred, SdpSetupRole expected)
    {
        Assert.Equal(expected, SdpOfferAnswer.AnswerSetup(offered, preferred));
    }

    [Fact]
    public void Reject_WebRtcStream_SetsPortZeroAndDropsTransportAttributes()
    {
        var session = SdpSamples.Parse("chrome-offer.sdp");

        SdpOfferAnswer.Reject(session.Media[0]);

        var media = SdpSamples.ParseText(session.ToString()).Media[0];
        Assert.True(media.IsRejected);
        Assert.NotEmpty(media.Formats);
        Assert.Empty(media.Candidates);
        Assert.Null(media.IceUfrag);
        Assert.Empty(media.Fingerprints);
        Assert.False(media.RtcpMux);
    }

    [Fact]
    public void ValidateAnswer_WrongShapes_AreReported()
    {
        var offer = SdpSamples.ParseText(SdpParserTests.Body([.. SdpParserTests.MinimalHead, "m=audio 4000 RTP/AVP 0 8", "m=video 0 RTP/AVP 96"]));

        var fewer = SdpSamples.ParseText(SdpParserTests.Body([.. SdpParserTests.MinimalHead, "m=audio 5000 RTP/AVP 0"]));
        Assert.Equal(SdpAnswerError.MediaCountMismatch, SdpOfferAnswer.ValidateAnswer(offer, fewer, out _));

        var swapped = SdpSamples.ParseText(SdpParserTests.Body([.. SdpParserTests.MinimalHead, "m=video 5000 RTP/AVP 0", "m=audio 0 RTP/AVP 0"]));
        Assert.Equal(SdpAnswerError.MediaTypeMismatch, SdpOfferAnswer.ValidateAnswer(offer, swapped, out var index));
        Assert.Equal(0, index);

        var unoffered = SdpSamples.ParseText(SdpParserTests.Body([.. SdpParserTests.MinimalHead, "m=audio 5000 RTP/AVP 18", "m=video 0 RTP/AVP 96"]));
        Assert.Equal(SdpAnswerError.UnofferedFormat, SdpOfferAnswer.ValidateAnswer(offer, unoffered, out _));

        var revived = SdpSamples.ParseText(SdpParserTests.Body([.. SdpParserTests.MinimalHead, "m=audio 5000 RTP/AVP 8", "m=video 5002 RTP/AVP 96"]));
        Assert.Equal(SdpAnswerError.AcceptedRejectedStream, SdpOfferAnswer.ValidateAnswer(offer, revived, out index));
        Assert.Equal(1, index);

        var good = SdpSamples.ParseText(SdpParserTests.Body([.. SdpParserTests.MinimalHead, "m=audio 5000 RTP/AVP 8", "m=video 0 RTP/AVP 96"]));
        Assert.Equal(SdpAnswerError.None, SdpOfferAnswer.ValidateAnswer(offer, good, out index));
        Assert.Equal(-1, index);
    }
}
