using System.Text;
using Bridgehead.Ng;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Tests.Ng;

public sealed class NgFlagStringTests
{
    private const string KamailioOfferFlags =
        "replace-origin replace-session-connection trust-address rtcp-mux-offer generate-mid DTLS-fingerprint=sha-256 DTLS=passive SDES-off ICE=force UDP/TLS/RTP/SAVPF";

    private const string KamailioAnswerFlags =
        "replace-origin replace-session-connection trust-address rtcp-mux-demux DTLS=off SDES-off ICE=remove RTP/AVP";

    private static NgOfferCommand Bare => new("c1", "f1", "v=0\r\n"u8.ToArray());

    [Theory]
    [InlineData("kamailio-offer.request.bin", KamailioOfferFlags)]
    [InlineData("kamailio-answer.request.bin", KamailioAnswerFlags)]
    public void Apply_KamailioFlagString_BuildsWhatKamailiosModuleSent(string capture, string flags)
    {
        // The captured request, stripped to what does not come from the flag string.
        Assert.True(NgMessage.TryParseRequest(NgSamples.Read(capture), out var cookie, out var command, out _));
        var sent = (NgSdpCommand)command;
        var bare = sent with
        {
            Flags = [],
            Replace = NgReplace.None,
            RtcpMux = NgRtcpMux.None,
            DtlsFingerprint = null,
            Dtls = null,
            Sdes = [],
            Ice = null,
            TransportProtocol = null,
        };

        var built = NgFlagString.Apply(bare, flags);

        Assert.True(NgMessage.TryParse(NgSamples.Read(capture), out _, out var theirs, out _, out _));
        Assert.Equal(BencodeWriter.ToBytes(theirs), BencodeWriter.ToBytes(NgCommandWriter.ToDictionary(built)));
        Assert.Equal(NgSamples.Read(capture).Length, NgMessage.EncodeRequest(cookie, built).Length);
    }

    [Fact]
    public void Apply_SpecWebRtcToSipFlags_GivesTheSpecDictionary()
    {
        // ng-protocol §5.1.
        var offer = NgFlagString.Apply(Bare, "replace-origin replace-session-connection trust-address rtcp-mux-demux DTLS=off SDES-off ICE=remove RTP/AVP");

        Assert.Equal(
            "d4:DTLS3:off3:ICE6:remove4:SDESl3:offe7:call-id2:c17:command5:offer5:flagsl13:trust-addresse8:from-tag2:f17:replacel6:origin18:session-connectione8:rtcp-muxl5:demuxe3:sdp5:v=0\r\n18:transport-protocol7:RTP/AVPe",
            Encoding.UTF8.GetString(BencodeWriter.ToBytes(NgCommandWriter.ToDictionary(offer))));
    }

    [Fact]
    public void Apply_CodecDirectionAndValueWords_AreTyped()
    {
        var offer = NgFlagString.Apply(Bare,
            "codec-strip-all codec-offer-PCMU codec-offer-telephone-event codec-mask-opus codec-transcode-opus/48000/2 " +
            "direction=priv direction=pub SDES-no-AES_CM_128_HMAC_SHA1_32 ptime=20 received-from=2001:db8::1 " +
            "address-family=IP6 media-address=203.0.113.7 via-branch=z9hG4bK1 to-tag=t9 label=caller ICE-lite=forward");

        Assert.Equal(["all"], offer.Codec!.Strip);
        Assert.Equal(["PCMU", "telephone-event"], offer.Codec.Offer);
        Assert.Equal(["opus"], offer.Codec.Mask);
        Assert.Equal(["opus/48000/2"], offer.Codec.Transcode);
        Assert.Equal(["priv", "pub"], offer.Direction);
        Assert.Equal(["no-AES_CM_128_HMAC_SHA1_32"], offer.Sdes);
        Assert.Equal(20, offer.Ptime);
        Assert.Equal(new NgAddress("IP6", "2001:db8::1"), offer.ReceivedFrom);
        Assert.Equal(("IP6", "203.0.113.7", "z9hG4bK1", "t9", "caller"), (offer.AddressFamily, offer.MediaAddress, offer.ViaBranch, offer.ToTag, offer.Label));
        Assert.Equal(NgIceLiteMode.Forward, offer.IceLite);
        Assert.Empty(offer.Flags);
    }

    [Fact]
    public void Apply_UnknownWordsAndValues_BecomeFlags()
    {
        var offer = NgFlagString.Apply(Bare, "strict-source ICE=sideways replace-nonsense internal external");

        Assert.Equal(["strict-source", "ICE=sideways", "replace-nonsense"], offer.Flags);
        Assert.Null(offer.Ice);
        Assert.Equal(["internal", "external"], offer.Direction);
    }

    [Fact]
    public void ApplyRtppFlags_CommandCarryingTheString_IsMergedAndCleared()
    {
        var offer = Bare with { RtppFlags = "trust-address ICE=force", Flags = ["symmetric"] };

        var applied = NgFlagString.ApplyRtppFlags(offer);

        Assert.Null(applied.RtppFlags);
        Assert.Equal(["symmetric", "trust-address"], applied.Flags);
        Assert.Equal(NgIceMode.Force, applied.Ice);
        Assert.Same(Bare.GetType(), applied.GetType());
    }
}
