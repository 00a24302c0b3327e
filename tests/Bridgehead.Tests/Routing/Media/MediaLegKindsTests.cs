using System.Text;
using Bridgehead.Routing.Media;
using Bridgehead.Sip;
using Bridgehead.Testing.Sip;

namespace Bridgehead.Tests.Routing.Media;

public sealed class MediaLegKindsTests
{
    [Theory]
    [InlineData(SipTransportKind.Ws, MediaLegKind.WebRtc)]
    [InlineData(SipTransportKind.Wss, MediaLegKind.WebRtc)]
    [InlineData(SipTransportKind.Udp, MediaLegKind.Plain)]
    [InlineData(SipTransportKind.Tcp, MediaLegKind.Plain)]
    [InlineData(SipTransportKind.Tls, MediaLegKind.Plain)]
    public void OfReceiver_ByTransport(SipTransportKind transport, MediaLegKind expected) => Assert.Equal(expected, MediaLegKinds.OfReceiver(transport));

    [Fact]
    public void OfSender_UdpPeerWithBrowserSdp_IsWebRtc() =>
        Assert.Equal(MediaLegKind.WebRtc, MediaLegKinds.OfSender(SipTransportKind.Udp, Encoding.ASCII.GetBytes(MediaScenario.BrowserSdp)));

    [Fact]
    public void OfSender_OldStyleSavpfWithFingerprintAndIce_IsWebRtc() =>
        Assert.Equal(MediaLegKind.WebRtc, MediaLegKinds.OfSender(SipTransportKind.Udp, "m=audio 9 RTP/SAVPF 0\r\na=ice-ufrag:x\r\na=fingerprint:sha-256 AA\r\n"u8));

    [Fact]
    public void OfSender_SoftphoneSdpOverUdp_IsPlain() =>
        Assert.Equal(MediaLegKind.Plain, MediaLegKinds.OfSender(SipTransportKind.Udp, Encoding.ASCII.GetBytes(MediaScenario.PhoneSdp)));

    [Fact]
    public void OfSender_WebSocketWithoutSdp_IsWebRtc() => Assert.Equal(MediaLegKind.WebRtc, MediaLegKinds.OfSender(SipTransportKind.Wss, default));

    [Theory]
    [InlineData("application/sdp", true)]
    [InlineData("Application/SDP; charset=utf-8", true)]
    [InlineData("application/sdpx", false)]
    [InlineData("multipart/mixed;boundary=x", false)]
    public void Has_ByContentType(string contentType, bool expected)
    {
        var message = SipMessageBuilder.Request("INVITE", "sip:bob@example.com").WithBody(contentType, "v=0\r\n").Parse();

        Assert.Equal(expected, SdpBody.Has(message));
    }

    [Fact]
    public void Has_EmptyBody_IsFalse() =>
        Assert.False(SdpBody.Has(SipMessageBuilder.Request("INVITE", "sip:bob@example.com").Set("Content-Type", "application/sdp").Parse()));
}
