using Bridgehead.Ng;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Tests.Ng;

/// <summary>Datagrams Kamailio 5.6's rtpengine module really sends (Ng/Samples/README.md), read by the relay's side.</summary>
public sealed class NgKamailioRequestTests
{
    private static NgCommand Parse(string name, out string cookie)
    {
        Assert.True(NgMessage.TryParseRequest(NgSamples.Read(name), out cookie, out var command, out var error), error.ToString());
        Assert.Empty(command.OtherKeys);
        return command;
    }

    [Fact]
    public void TryParseRequest_KamailioPing_IsPing()
    {
        Assert.IsType<NgPingCommand>(Parse("kamailio-ping.request.bin", out var cookie));
        Assert.Equal("0_29624_0", cookie);
    }

    [Fact]
    public void TryParseRequest_KamailioWebRtcOffer_ReadsEveryKeyTheModuleSent()
    {
        var offer = Assert.IsType<NgOfferCommand>(Parse("kamailio-offer.request.bin", out _));

        Assert.Equal(("1-29683@127.0.0.1", "29683SIPpTag001", null), (offer.CallId, offer.FromTag, offer.ToTag));
        Assert.Equal(["load limit"], offer.Supports);
        Assert.Equal(["trust-address", "generate-mid"], offer.Flags);
        Assert.Equal(NgReplace.Origin | NgReplace.SessionConnection, offer.Replace);
        Assert.Equal(NgRtcpMux.Offer, offer.RtcpMux);
        Assert.Equal(("sha-256", NgDtlsMode.Passive, NgIceMode.Force), (offer.DtlsFingerprint, offer.Dtls, offer.Ice));
        Assert.Equal(["off"], offer.Sdes);
        Assert.Equal("UDP/TLS/RTP/SAVPF", offer.TransportProtocol);
        Assert.Equal(new NgAddress("IP4", "127.0.0.1"), offer.ReceivedFrom);
        Assert.Contains("m=audio 6000 RTP/AVP 0", offer.SdpText, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseRequest_KamailioAnswer_ReadsToTagAndTowardsSwitchFlags()
    {
        var answer = Assert.IsType<NgAnswerCommand>(Parse("kamailio-answer.request.bin", out _));

        Assert.Equal("29682SIPpTag011", answer.ToTag);
        Assert.Equal((NgDtlsMode.Off, NgIceMode.Remove, NgRtcpMux.Demux, "RTP/AVP"), (answer.Dtls, answer.Ice, answer.RtcpMux, answer.TransportProtocol));
    }

    [Fact]
    public void TryParseRequest_KamailioDelete_ReadsCallAndSource()
    {
        var delete = Assert.IsType<NgDeleteCommand>(Parse("kamailio-delete.request.bin", out _));

        Assert.Equal(("1-29683@127.0.0.1", "29683SIPpTag001"), (delete.CallId, delete.FromTag));
        Assert.Equal(new NgAddress("IP4", "127.0.0.1"), delete.ReceivedFrom);
        Assert.Equal(["load limit"], delete.Supports);
    }

    [Theory]
    [InlineData("kamailio-ping.request.bin")]
    [InlineData("kamailio-offer.request.bin")]
    [InlineData("kamailio-answer.request.bin")]
    [InlineData("kamailio-delete.request.bin")]
    public void EncodeRequestOfParse_KamailioRequest_HasTheSameContentInCanonicalOrder(string name)
    {
        var command = Parse(name, out var cookie);

        Assert.True(NgMessage.TryParse(NgSamples.Read(name), out _, out var theirs, out _, out _));
        Assert.True(NgMessage.TryParse(NgMessage.EncodeRequest(cookie, command), out _, out var ours, out _, out _));
        Assert.Equal(BencodeWriter.ToBytes(theirs), BencodeWriter.ToBytes(ours));
    }
}
