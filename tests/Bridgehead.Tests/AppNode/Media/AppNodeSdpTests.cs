using System.Net;
using System.Text;
using Bridgehead.AppNode.Media;
using Bridgehead.Codecs;
using Bridgehead.Sdp;

namespace Bridgehead.Tests.AppNode.Media;

public sealed class AppNodeSdpTests
{
    private const string BaresipOffer =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 10000 RTP/AVP 96 8 0 101\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n" +
        "m=video 10002 RTP/AVP 97\r\na=rtpmap:97 H264/90000\r\n";

    [Fact]
    public void Answer_SoftphoneOffer_PicksFirstG711AndTelephoneEventAndRefusesVideo()
    {
        var error = AppNodeSdp.Answer(Encoding.ASCII.GetBytes(BaresipOffer), IPAddress.Loopback, 30000, "42", out var answer, out var media);
        Assert.Equal(MediaNegotiationError.None, error);
        Assert.Equal(new NegotiatedMedia(new IPEndPoint(IPAddress.Loopback, 10000), AudioCodec.Pcma, 8, 101, SdpDirection.SendRecv), media);

        Assert.Equal(2, answer!.Media.Count);
        var audio = answer.Media[0];
        Assert.Equal(30000, audio.Port);
        Assert.Equal(SdpProtocol.RtpAvp, audio.Protocol);
        Assert.Equal(["8", "101"], audio.Formats);
        Assert.Equal(20, audio.Ptime);
        Assert.True(answer.Media[1].IsRejected);
        Assert.Equal("127.0.0.1", answer.Connection!.Address);
        Assert.Equal(SdpAnswerError.None, SdpOfferAnswer.ValidateAnswer(Parse(BaresipOffer), answer, out _));
    }

    [Fact]
    public void Answer_BrowserOffer_IsSecureProfileOnly()
    {
        var offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\na=rtpmap:111 opus/48000/2\r\n";
        Assert.Equal(MediaNegotiationError.SecureProfileOnly, AppNodeSdp.Answer(Encoding.ASCII.GetBytes(offer), IPAddress.Loopback, 30000, "1", out _, out _));
    }

    [Fact]
    public void Answer_OnlyOpus_IsNoCommonCodec()
    {
        var offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n";
        Assert.Equal(MediaNegotiationError.NoCommonCodec, AppNodeSdp.Answer(Encoding.ASCII.GetBytes(offer), IPAddress.Loopback, 30000, "1", out _, out _));
    }

    [Fact]
    public void Answer_SendonlyHold_IsAnsweredRecvonlyAndNodeSendsNothing()
    {
        var offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=sendonly\r\n";
        Assert.Equal(MediaNegotiationError.None, AppNodeSdp.Answer(Encoding.ASCII.GetBytes(offer), IPAddress.Loopback, 30000, "1", out var answer, out var media));
        Assert.Equal(SdpDirection.RecvOnly, answer!.Media[0].Direction);
        Assert.False(media!.Sends);
        Assert.Equal(-1, media.TelephoneEventPayloadType);
    }

    [Fact]
    public void Offer_ThenPeerAnswersPcmu_ReadsCodecAndAddress()
    {
        var offer = AppNodeSdp.Offer(IPAddress.Loopback, 30002, "7");
        Assert.Equal(["0", "8", "101"], offer.Media[0].Formats);
        var answer = "v=0\r\no=- 1 2 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";
        Assert.Equal(MediaNegotiationError.None, AppNodeSdp.ReadAnswer(Encoding.ASCII.GetBytes(answer), out var media));
        Assert.Equal(new NegotiatedMedia(IPEndPoint.Parse("127.0.0.2:6000"), AudioCodec.Pcmu, 0, 101, SdpDirection.SendRecv), media);
    }

    private static SdpSession Parse(string text) => SdpParser.TryParse(text, out var session, out _) ? session : throw new InvalidOperationException();
}
