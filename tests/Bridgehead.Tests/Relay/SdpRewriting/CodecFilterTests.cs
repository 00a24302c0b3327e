using Bridgehead.Ng;
using Bridgehead.Relay.SdpRewriting;
using Bridgehead.Tests.Sdp;

namespace Bridgehead.Tests.Relay.SdpRewriting;

public sealed class CodecFilterTests
{
    [Fact]
    public void Apply_StripAllOfferG711AndTelephoneEvent_ChromeOfferKeepsG711AndTheMatchingEvent()
    {
        var media = SdpSamples.Parse("chrome-offer.sdp").Media[0];

        var warning = CodecFilter.Apply(media, new NgCodecOptions { Strip = ["all"], Offer = ["PCMU", "PCMA", "telephone-event"] });

        Assert.Null(warning);

        // telephone-event/48000 goes with Opus; only /8000 rides with G.711 (RFC 4733 §2.1).
        Assert.Equal(["0", "8", "126"], media.Formats);
        Assert.Null(media.FindRtpMap(111));
        Assert.Equal("telephone-event", media.FindRtpMap(126)!.EncodingName);
    }

    [Fact]
    public void Apply_MaskOpusByNameAndRate_RemovesOnlyOpus()
    {
        var media = SdpSamples.Parse("chrome-offer.sdp").Media[0];

        CodecFilter.Apply(media, new NgCodecOptions { Mask = ["opus/48000"] });

        Assert.Equal(["63", "9", "0", "8", "13", "110", "126"], media.Formats);
    }

    [Fact]
    public void Apply_OfferByPayloadType_MovesItToTheFront()
    {
        var media = SdpSamples.Parse("baresip-offer.sdp").Media[0];

        CodecFilter.Apply(media, new NgCodecOptions { Offer = ["8"] });

        Assert.Equal(["8", "0", "96", "101"], media.Formats);
    }

    [Fact]
    public void Apply_TranscodeToACodecTheOfferLacks_WarnsAndLeavesTheOffer()
    {
        var media = SdpSamples.Parse("baresip-offer.sdp").Media[0];

        var warning = CodecFilter.Apply(media, new NgCodecOptions { Transcode = ["G722"] });

        Assert.Contains("transcoding is not supported", warning, StringComparison.Ordinal);
        Assert.Equal(["0", "8", "96", "101"], media.Formats);
    }

    [Fact]
    public void Apply_StripEverything_WarnsAndKeepsTheCodecs()
    {
        var media = SdpSamples.Parse("baresip-offer.sdp").Media[0];

        var warning = CodecFilter.Apply(media, new NgCodecOptions { Strip = ["all"] });

        Assert.NotNull(warning);
        Assert.Equal(["0", "8", "96", "101"], media.Formats);
    }
}
