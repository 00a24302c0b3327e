using System.Text;
using Bridgehead.Ng;
using Bridgehead.Ng.Bencode;
using CsCheck;

namespace Bridgehead.Tests.Ng;

public sealed class NgMessageTests
{
    // ng-protocol §1.1, "Full wire example".
    private const string SpecWireExample =
        "5323_1 d4:DTLS3:off3:ICE6:remove4:SDESl3:offe7:call-id2:c17:command5:offer5:flagsl13:trust-addresse8:from-tag2:f17:replacel6:origin18:session-connectione8:rtcp-muxl5:demuxe3:sdp5:v=0\r\n18:transport-protocol7:RTP/AVPe";

    private static NgOfferCommand SpecOffer => new("c1", "f1", Encoding.ASCII.GetBytes("v=0\r\n"))
    {
        Dtls = NgDtlsMode.Off,
        Ice = NgIceMode.Remove,
        Sdes = ["off"],
        Flags = ["trust-address"],
        Replace = NgReplace.Origin | NgReplace.SessionConnection,
        RtcpMux = NgRtcpMux.Demux,
        TransportProtocol = "RTP/AVP",
    };

    [Fact]
    public void EncodeRequest_SpecOffer_MatchesWireExample()
    {
        Assert.Equal(SpecWireExample, Encoding.ASCII.GetString(NgMessage.EncodeRequest("5323_1", SpecOffer)));
    }

    [Fact]
    public void TryParseRequest_SpecWireExample_ReadsTypedOffer()
    {
        Assert.True(NgMessage.TryParseRequest(Encoding.ASCII.GetBytes(SpecWireExample), out var cookie, out var command, out var error), error.ToString());

        Assert.Equal("5323_1", cookie);
        var offer = Assert.IsType<NgOfferCommand>(command);
        Assert.Equal(("c1", "f1", "v=0\r\n"), (offer.CallId, offer.FromTag, offer.SdpText));
        Assert.Equal(NgDtlsMode.Off, offer.Dtls);
        Assert.Equal(NgIceMode.Remove, offer.Ice);
        Assert.Equal(["off"], offer.Sdes);
        Assert.True(offer.HasFlag("trust-address"));
        Assert.Equal(NgReplace.Origin | NgReplace.SessionConnection, offer.Replace);
        Assert.Equal(NgRtcpMux.Demux, offer.RtcpMux);
        Assert.Equal("RTP/AVP", offer.TransportProtocol);
        Assert.Empty(offer.OtherKeys);
    }

    public static TheoryData<string> CapturedRequests =>
        ["ping.request.bin", "offer.request.bin", "answer.request.bin", "query.request.bin", "list.request.bin", "statistics.request.bin", "delete.request.bin", "delete-unknown.request.bin"];

    [Theory]
    [MemberData(nameof(CapturedRequests))]
    public void EncodeRequestOfParse_CapturedRequest_IsByteIdentical(string name)
    {
        var datagram = NgSamples.Read(name);

        Assert.True(NgMessage.TryParseRequest(datagram, out var cookie, out var command, out var error), error.ToString());

        Assert.Empty(command.OtherKeys);
        Assert.Equal(datagram, NgMessage.EncodeRequest(cookie, command));
    }

    [Fact]
    public void TryParseRequest_CapturedWebRtcOffer_ReadsEveryOption()
    {
        Assert.True(NgMessage.TryParseRequest(NgSamples.Read("offer.request.bin"), out var cookie, out var command, out _));

        Assert.Equal("cap_2", cookie);
        var offer = Assert.IsType<NgOfferCommand>(command);
        Assert.Equal(("cap-call-1", "ftag1", null), (offer.CallId, offer.FromTag, offer.ToTag));
        Assert.StartsWith("v=0\no=- 3431780496", offer.SdpText, StringComparison.Ordinal);
        Assert.Equal(["trust-address", "generate-mid"], offer.Flags);
        Assert.Equal(NgRtcpMux.Offer | NgRtcpMux.Require, offer.RtcpMux);
        Assert.Equal(NgDtlsMode.Passive, offer.Dtls);
        Assert.Equal(NgIceMode.Force, offer.Ice);
        Assert.Equal("UDP/TLS/RTP/SAVPF", offer.TransportProtocol);
    }

    [Fact]
    public void TryParseRequest_CapturedAnswer_RequiresAndReadsToTag()
    {
        Assert.True(NgMessage.TryParseRequest(NgSamples.Read("answer.request.bin"), out _, out var command, out _));

        var answer = Assert.IsType<NgAnswerCommand>(command);
        Assert.Equal("ttag1", answer.ToTag);
        Assert.Equal(NgIceMode.Remove, answer.Ice);
        Assert.Equal(NgDtlsMode.Off, answer.Dtls);
    }

    [Theory]
    [InlineData("unknown-command", NgError.UnknownCommand)]
    [InlineData("offer-no-sdp", NgError.MissingSdp)]
    public void TryParseRequest_RejectedByRtpengine_GivesRtpenginesReason(string name, NgError expected)
    {
        Assert.False(NgMessage.TryParseRequest(NgSamples.Read(name + ".request.bin"), out var cookie, out var command, out var error));
        Assert.Null(command);
        Assert.Equal(expected, error);

        // The relay answers as rtpengine did, cookie and reason (rtpengine does not sort its
        // keys, so the dictionaries are compared in canonical form).
        Assert.True(NgMessage.TryParse(NgSamples.Read(name + ".reply.bin"), out var theirCookie, out var theirs, out _, out _));
        Assert.True(NgMessage.TryParse(NgMessage.EncodeReply(cookie, NgErrorReply.From(error)), out var ourCookie, out var ours, out _, out _));
        Assert.Equal(theirCookie, ourCookie);
        Assert.Equal(BencodeWriter.ToBytes(theirs), BencodeWriter.ToBytes(ours));
    }

    [Theory]
    [InlineData("nospace", NgError.MissingCookie)]
    [InlineData(" d7:command4:pinge", NgError.InvalidCookie)]
    [InlineData("c\u0001 d7:command4:pinge", NgError.InvalidCookie)]
    [InlineData("c1 d7:command4:ping", NgError.MalformedBencode)]
    [InlineData("c1 l4:pinge", NgError.NotADictionary)]
    [InlineData("c1 de", NgError.MissingCommand)]
    [InlineData("c1 d7:commandi1ee", NgError.MissingCommand)]
    [InlineData("c1 d7:command5:PINGSe", NgError.UnknownCommand)]
    [InlineData("c1 d7:command5:querye", NgError.MissingCallId)]
    [InlineData("c1 d7:command6:deletee", NgError.MissingCallId)]
    [InlineData("c1 d7:command5:offer3:sdp3:v=0e", NgError.MissingCallId)]
    [InlineData("c1 d7:call-id1:c7:command5:offer3:sdp3:v=0e", NgError.MissingFromTag)]
    [InlineData("c1 d7:call-id1:c7:command6:answer8:from-tag1:f3:sdp3:v=0e", NgError.MissingToTag)]
    [InlineData("c1 d7:call-id1:c7:command6:answer8:from-tag1:f3:sdpi5e6:to-tag1:te", NgError.MissingSdp)]
    public void TryParseRequest_Malformed_ReturnsReason(string datagram, NgError expected)
    {
        Assert.False(NgMessage.TryParseRequest(Encoding.UTF8.GetBytes(datagram), out _, out _, out var error));

        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryReadCookie_OversizedDatagram_IsTooLarge()
    {
        var datagram = new byte[NgMessage.MaxDatagramSize + 1];
        datagram[0] = (byte)'c';
        datagram[1] = (byte)' ';

        Assert.False(NgMessage.TryReadCookie(datagram, out _, out var error));
        Assert.Equal(NgError.TooLarge, error);
    }

    [Fact]
    public void TryReadCookie_OverlongCookie_IsMissing()
    {
        var datagram = Encoding.ASCII.GetBytes(new string('c', NgMessage.MaxCookieLength + 1) + " de");

        Assert.False(NgMessage.TryReadCookie(datagram, out _, out var error));
        Assert.Equal(NgError.MissingCookie, error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("café")]
    public void Encode_InvalidCookie_Throws(string cookie)
    {
        Assert.Throws<ArgumentException>(() => NgMessage.EncodeRequest(cookie, new NgPingCommand()));
    }

    [Fact]
    public void TryParse_RandomDatagrams_NeverThrow()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            _ = NgMessage.TryParseRequest(bytes, out _, out _, out _);
            _ = NgMessage.TryParseReply(bytes, NgCommandKind.Query, out _, out _, out _);
        }, iter: 20000);
    }
}
