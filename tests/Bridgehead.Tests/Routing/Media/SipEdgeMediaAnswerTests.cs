using Bridgehead.Ng;
using Bridgehead.Sip;
using Bridgehead.Testing.Ng;
using Bridgehead.Testing.Sip;
using static Bridgehead.Tests.Routing.EdgeScenario;
using static Bridgehead.Tests.Routing.Media.MediaScenario;

namespace Bridgehead.Tests.Routing.Media;

/// <summary>Answers in 183/200, deletes on BYE, CANCEL and failure, re-INVITEs both ways, late offers.</summary>
public sealed class SipEdgeMediaAnswerTests : IDisposable
{
    private readonly FakeNgClient _ng = new();
    private readonly TestSipEdge _edge;

    public SipEdgeMediaAnswerTests() => _edge = new TestSipEdge(ng: _ng);

    public void Dispose() => _edge.Dispose();

    /// <summary>Alice's browser calls bob's softphone; bob answers with <paramref name="status"/> and SDP.</summary>
    private (SipMessageBuilder Invite, SentMessage Forwarded) BrowserCallsBob(string? sdp = BrowserSdp)
    {
        _edge.RegisterBob();
        var invite = BrowserInvite(sdp: sdp);
        _edge.Receive(invite, _edge.BrowserSource());
        return (invite, _edge.ForwardedTo(Bob));
    }

    private IReadOnlyList<SentMessage> ToBrowser(int status) => [.. _edge.ResponsesTo(Browser).Where(r => r.Status == status)];

    [Fact]
    public void Ok200WithSdp_IsAnsweredWithBothTagsAndReachesTheCallerRewritten()
    {
        var (invite, forwarded) = BrowserCallsBob();

        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", PhoneSdp).Add("Contact", $"<{BobContact}>"));

        var answer = Assert.Single(_ng.CommandsOf<NgAnswerCommand>());
        Assert.Equal(invite.CallId, answer.CallId);
        Assert.Equal(Tag(forwarded.Message.From.Tag), answer.FromTag);
        Assert.Equal("uas-tag", answer.ToTag);
        Assert.Equal(PhoneSdp, answer.SdpText);

        // Towards the browser: the WebRTC flags (ng-protocol §5.2).
        Assert.Equal(NgIceMode.Force, answer.Ice);
        Assert.Equal(NgRtcpMux.Require, answer.RtcpMux);
        Assert.False(answer.HasFlag("generate-mid"));
        var ok = Assert.Single(ToBrowser(200)).Message;
        Assert.Contains("a=x-ng:answer/", ok.BodyText(), StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100.20", ok.BodyText(), StringComparison.Ordinal);
        AssertContentLengthMatches(ok);
    }

    [Fact]
    public void Ok200_RelayAnswersWithAMidButNoBundleGroup_TheBrowserGetsTheGroupItOffered()
    {
        // rtpengine 10.5's answer towards a browser: a=mid, no a=group:BUNDLE (Chromium refuses it).
        const string relayAnswer = "v=0\r\no=- 1 1 IN IP4 203.0.113.1\r\ns=-\r\nc=IN IP4 203.0.113.1\r\nt=0 0\r\n"
            + "m=audio 30002 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=rtcp-mux\r\na=setup:passive\r\n";
        _ng.Responder = c => c is NgAnswerCommand ? new NgSdpReply(System.Text.Encoding.ASCII.GetBytes(relayAnswer)) : _ng.RelayLike(c);
        var (_, forwarded) = BrowserCallsBob();

        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", PhoneSdp).Add("Contact", $"<{BobContact}>"));

        var ok = Assert.Single(ToBrowser(200)).Message;
        Assert.Equal(relayAnswer.Replace("t=0 0\r\n", "t=0 0\r\na=group:BUNDLE 0\r\n", StringComparison.Ordinal), ok.BodyText());
        AssertContentLengthMatches(ok);
    }

    [Fact]
    public void Provisional183ThenOk200WithTheSameSdp_OneAnswerAndTheSameBodyBothTimes()
    {
        var (_, forwarded) = BrowserCallsBob();

        _edge.Answer(forwarded, 183, change: r => r.WithBody("application/sdp", PhoneSdp));
        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", PhoneSdp));
        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", PhoneSdp));

        Assert.Single(_ng.CommandsOf<NgAnswerCommand>());
        var early = Assert.Single(ToBrowser(183)).Message.BodyText();
        var oks = ToBrowser(200);
        Assert.Equal(2, oks.Count);
        Assert.All(oks, ok => Assert.Equal(early, ok.Message.BodyText()));
    }

    [Fact]
    public void Ringing180WithoutSdp_PassesWithoutTheRelay()
    {
        var (_, forwarded) = BrowserCallsBob();

        _edge.Answer(forwarded, 180);

        Assert.Single(ToBrowser(180));
        Assert.Empty(_ng.CommandsOf<NgAnswerCommand>());
    }

    [Fact]
    public void ByeFromEitherSide_DeletesTheCallOnce()
    {
        var (invite, forwarded) = BrowserCallsBob();
        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", PhoneSdp).Add("Contact", $"<{BobContact}>"));

        _edge.Receive(InDialog("BYE", forwarded, fromCallee: true), _edge.Udp(Bob));

        var delete = Assert.Single(_ng.CommandsOf<NgDeleteCommand>());
        Assert.Equal(invite.CallId, delete.CallId);
        Assert.Equal(Tag(forwarded.Message.From.Tag), delete.FromTag);
        Assert.Single(_edge.Sender.Requests, r => r.Method == SipMethod.Bye);
        Assert.Equal(0, _edge.Media!.CallCount);
    }

    [Fact]
    public void BusyFinal486_DeletesTheCall()
    {
        var (invite, forwarded) = BrowserCallsBob();

        _edge.Answer(forwarded, 486);

        Assert.Single(ToBrowser(486));
        Assert.Equal(invite.CallId, Assert.Single(_ng.CommandsOf<NgDeleteCommand>()).CallId);
    }

    [Fact]
    public void Cancel_AfterRinging_DeletesTheCallWhenThe487IsSent()
    {
        var (invite, forwarded) = BrowserCallsBob();
        _edge.Answer(forwarded, 180);

        var parsed = invite.Parse();
        _edge.Receive(
            SipMessageBuilder.Bare("CANCEL", Text(parsed.RequestUri)).Add("Via", Text(parsed.FirstValue(HeaderId.Via))).Add("Max-Forwards", "70")
                .Add("From", Text(parsed.FirstValue(HeaderId.From))).Add("To", Text(parsed.FirstValue(HeaderId.To))).Add("Call-ID", invite.CallId).Add("CSeq", "1 CANCEL"),
            _edge.BrowserSource());
        _edge.Answer(forwarded, 487);

        Assert.Single(ToBrowser(487));
        Assert.Single(_ng.CommandsOf<NgDeleteCommand>());
    }

    [Fact]
    public void Ok200_RelayRefusesTheAnswer_CallerGets488AndTheCallIsDeleted()
    {
        var (_, forwarded) = BrowserCallsBob();
        _ng.Responder = c => c is NgAnswerCommand ? new NgErrorReply("The answer does not have the offer's media sections") : _ng.RelayLike(c);

        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", PhoneSdp));
        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", PhoneSdp));

        Assert.Empty(ToBrowser(200));
        Assert.StartsWith("Not Acceptable Here (Media Relay: ", Text(Assert.Single(ToBrowser(488)).Message.ReasonPhrase), StringComparison.Ordinal);
        Assert.Single(_ng.CommandsOf<NgDeleteCommand>());
    }

    [Fact]
    public void Provisional183_RelayRefusesTheAnswer_The183IsHeldBackAndThe200TriesAgain()
    {
        var (_, forwarded) = BrowserCallsBob();
        var refuse = true;
        _ng.Responder = c => c is NgAnswerCommand && refuse ? new NgErrorReply("Ran out of ports") : _ng.RelayLike(c);

        _edge.Answer(forwarded, 183, change: r => r.WithBody("application/sdp", PhoneSdp));
        refuse = false;
        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", PhoneSdp));

        Assert.Empty(ToBrowser(183));
        Assert.Single(ToBrowser(200));
        Assert.Equal(2, _ng.CommandsOf<NgAnswerCommand>().Count);
    }

    [Fact]
    public void Ok200_RelayAnswersLater_ResponsesKeepTheirOrder()
    {
        var (_, forwarded) = BrowserCallsBob();
        _ng.Hold = true;

        _edge.Answer(forwarded, 183, change: r => r.WithBody("application/sdp", PhoneSdp));
        _edge.Answer(forwarded, 180);
        Assert.Empty(ToBrowser(183));
        Assert.Empty(ToBrowser(180));
        _ng.ReleaseAll();

        var statuses = _edge.StatusesTo(Browser).Where(s => s > 100).ToArray();
        Assert.Equal([183, 180], statuses);
    }

    [Fact]
    public void ReInviteFromCallee_IsOfferedWithTheCalleesTagAndAnsweredTowardsTheSoftphone()
    {
        var (_, forwarded) = BrowserCallsBob();
        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", PhoneSdp).Add("Contact", $"<{BobContact}>"));
        var aliceTag = Tag(forwarded.Message.From.Tag);
        var hold = PhoneSdp.Replace("a=rtpmap:0", "a=sendonly\r\na=rtpmap:0", StringComparison.Ordinal);

        _edge.Receive(InDialog("INVITE", forwarded, fromCallee: true, cseq: 2).WithBody("application/sdp", hold), _edge.Udp(Bob));

        var reOffer = _ng.CommandsOf<NgOfferCommand>()[^1];
        Assert.Equal("uas-tag", reOffer.FromTag);
        Assert.Equal(aliceTag, reOffer.ToTag);
        Assert.Equal("UDP/TLS/RTP/SAVPF", reOffer.TransportProtocol);
        var toBrowser = _edge.Sender.RequestsWith(SipMethod.Invite)[^1];
        Assert.Equal(SipTransportKind.Ws, toBrowser.Destination.Transport);
        Assert.Contains(FakeNgClient.RelayAddress, toBrowser.Message.BodyText(), StringComparison.Ordinal);

        // The browser's 200: answered back towards bob's softphone, plain.
        var response = SipMessageBuilder.Response(toBrowser.Message, 200, toTag: null).WithBody("application/sdp", BrowserSdp);
        _edge.Receive(response, _edge.BrowserSource());

        var answer = _ng.CommandsOf<NgAnswerCommand>()[^1];
        Assert.Equal("uas-tag", answer.FromTag);
        Assert.Equal(aliceTag, answer.ToTag);
        Assert.Equal(NgIceMode.Remove, answer.Ice);
        var ok = _edge.ResponsesTo(Bob).Last(r => r.Status == 200).Message;
        Assert.Contains("a=x-ng:answer/uas-tag", ok.BodyText(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReInvite_RejectedWith488_KeepsTheCall()
    {
        var (_, forwarded) = BrowserCallsBob();
        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", PhoneSdp).Add("Contact", $"<{BobContact}>"));

        _edge.Receive(InDialog("INVITE", forwarded, fromCallee: true, cseq: 2).WithBody("application/sdp", PhoneSdp), _edge.Udp(Bob));
        var toBrowser = _edge.Sender.RequestsWith(SipMethod.Invite)[^1];
        _edge.Receive(SipMessageBuilder.Response(toBrowser.Message, 488, toTag: null), _edge.BrowserSource());

        Assert.Empty(_ng.CommandsOf<NgDeleteCommand>());
        Assert.Equal(1, _edge.Media!.CallCount);
    }

    [Fact]
    public void LateOffer_OfferIn200AnswerInAck_BothGoThroughTheRelay()
    {
        var (_, forwarded) = BrowserCallsBob(sdp: null);
        Assert.Empty(_ng.Commands);
        var aliceTag = Tag(forwarded.Message.From.Tag);

        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", PhoneSdp).Add("Contact", $"<{BobContact}>"));

        var offer = Assert.IsType<NgOfferCommand>(Assert.Single(_ng.Commands));
        Assert.Equal("uas-tag", offer.FromTag);
        Assert.Equal(aliceTag, offer.ToTag);
        Assert.Equal("UDP/TLS/RTP/SAVPF", offer.TransportProtocol);
        var ok = Assert.Single(ToBrowser(200)).Message;
        Assert.Contains("a=x-ng:offer/uas-tag", ok.BodyText(), StringComparison.Ordinal);

        var ack = AckFor(ok).WithBody("application/sdp", BrowserSdp);
        _edge.Receive(ack, _edge.BrowserSource());
        _edge.Receive(ack, _edge.BrowserSource());

        var answer = Assert.Single(_ng.CommandsOf<NgAnswerCommand>());
        Assert.Equal("uas-tag", answer.FromTag);
        Assert.Equal(aliceTag, answer.ToTag);
        Assert.Equal("RTP/AVP", answer.TransportProtocol);
        var acks = _edge.Sender.RequestsWith(SipMethod.Ack);
        Assert.Equal(2, acks.Count);
        Assert.All(acks, a => Assert.Contains("a=x-ng:answer/uas-tag", a.Message.BodyText(), StringComparison.Ordinal));
        AssertContentLengthMatches(acks[0].Message);
    }

    /// <summary>A request inside the dialog of <paramref name="forwarded"/> (the INVITE as bob got it).</summary>
    private static SipMessageBuilder InDialog(string method, SentMessage forwarded, bool fromCallee, uint cseq = 2)
    {
        var invite = forwarded.Message;
        var from = Text(invite.FirstValue(HeaderId.From));
        var to = Text(invite.FirstValue(HeaderId.To)) + ";tag=uas-tag";
        var request = SipMessageBuilder.Bare(method, fromCallee ? Text(invite.FirstValue(HeaderId.Contact)).Trim('<', '>') : BobContact)
            .Add("Via", $"SIP/2.0/UDP {(fromCallee ? Bob : Alice)};branch={SipMessageBuilder.NewBranch()};rport")
            .Add("Max-Forwards", "70")
            .Add("From", fromCallee ? to : from)
            .Add("To", fromCallee ? from : to)
            .Add("Call-ID", Text(invite.CallId))
            .Add("CSeq", $"{cseq} {method}");
        foreach (var rr in invite.All(HeaderId.RecordRoute))
        {
            request.Add("Route", rr);
        }

        return request;
    }

    /// <summary>The browser's ACK for the 200 it got: Route from Record-Route reversed, to the 200's Contact.</summary>
    private static SipMessageBuilder AckFor(SipMessage ok)
    {
        Assert.True(NameAddress.TryParse(ok.FirstValueMemory(HeaderId.Contact), out var contact));
        var ack = SipMessageBuilder.Bare("ACK", Text(contact.UriText))
            .Add("Via", $"SIP/2.0/WS {Browser};branch={SipMessageBuilder.NewBranch()}")
            .Add("Max-Forwards", "70")
            .Add("From", Text(ok.FirstValue(HeaderId.From)))
            .Add("To", Text(ok.FirstValue(HeaderId.To)))
            .Add("Call-ID", Text(ok.CallId))
            .Add("CSeq", $"{ok.CSeq.Number} ACK");
        foreach (var rr in Enumerable.Reverse(ok.All(HeaderId.RecordRoute)))
        {
            ack.Add("Route", rr);
        }

        return ack;
    }
}
