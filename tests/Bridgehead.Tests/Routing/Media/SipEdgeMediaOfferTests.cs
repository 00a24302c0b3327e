using Bridgehead.Ng;
using Bridgehead.Sip;
using Bridgehead.Testing.Ng;
using Bridgehead.Testing.Sip;
using static Bridgehead.Tests.Routing.EdgeScenario;
using static Bridgehead.Tests.Routing.Media.MediaScenario;

namespace Bridgehead.Tests.Routing.Media;

/// <summary>Offers in INVITEs: the profile per leg, the body the branches carry, and what the caller hears when the relay fails.</summary>
public sealed class SipEdgeMediaOfferTests : IDisposable
{
    private readonly FakeNgClient _ng = new();
    private readonly TestSipEdge _edge;

    public SipEdgeMediaOfferTests() => _edge = new TestSipEdge(ng: _ng);

    public void Dispose() => _edge.Dispose();

    [Fact]
    public void Invite_FromBrowserToSoftphone_OffersPlainRtpAndForwardsTheRelaysSdp()
    {
        _edge.RegisterBob();

        _edge.Receive(BrowserInvite(), _edge.BrowserSource());

        var offer = Assert.IsType<NgOfferCommand>(Assert.Single(_ng.Commands));
        Assert.Equal("RTP/AVP", offer.TransportProtocol);
        Assert.Equal(NgIceMode.Remove, offer.Ice);
        Assert.Equal(NgDtlsMode.Off, offer.Dtls);
        Assert.Equal(NgRtcpMux.Demux, offer.RtcpMux);
        Assert.Equal(NgReplace.Origin | NgReplace.SessionConnection, offer.Replace);
        Assert.Contains("off", offer.Sdes);
        Assert.Null(offer.ToTag);
        Assert.Equal(BrowserSdp, offer.SdpText);

        var invite = _edge.ForwardedTo(Bob).Message;
        Assert.Contains($"c=IN IP4 {FakeNgClient.RelayAddress}", invite.BodyText(), StringComparison.Ordinal);
        Assert.Contains(" RTP/AVP ", invite.BodyText(), StringComparison.Ordinal);
        Assert.Equal(Tag(invite.From.Tag), offer.FromTag);
        Assert.Equal(Tag(invite.CallId), offer.CallId);
        AssertContentLengthMatches(invite);
    }

    [Fact]
    public void Invite_FromSoftphoneToBrowser_OffersWebRtcWithIceDtlsAndMux()
    {
        _edge.RegisterCarolBrowser();

        _edge.Receive(PhoneInvite("sip:carol@example.com"), _edge.Udp(Alice));

        var offer = Assert.IsType<NgOfferCommand>(Assert.Single(_ng.Commands));
        Assert.Equal("UDP/TLS/RTP/SAVPF", offer.TransportProtocol);
        Assert.Equal(NgIceMode.Force, offer.Ice);
        Assert.Equal(NgDtlsMode.Passive, offer.Dtls);
        Assert.Equal(NgRtcpMux.Offer | NgRtcpMux.Require, offer.RtcpMux);
        Assert.True(offer.HasFlag("generate-mid"));
        var invite = Assert.Single(_edge.Sender.RequestsWith(SipMethod.Invite));
        Assert.Equal(SipTransportKind.Ws, invite.Destination.Transport);
        Assert.Contains(" UDP/TLS/RTP/SAVPF ", invite.Message.BodyText(), StringComparison.Ordinal);
        AssertContentLengthMatches(invite.Message);
    }

    [Fact]
    public void Invite_BetweenSoftphones_OffersPlainRtp()
    {
        _edge.RegisterBob();

        _edge.Receive(PhoneInvite(), _edge.Udp(Alice));

        var offer = Assert.IsType<NgOfferCommand>(Assert.Single(_ng.Commands));
        Assert.Equal("RTP/AVP", offer.TransportProtocol);
        Assert.Equal(NgIceMode.Remove, offer.Ice);
    }

    [Fact]
    public void Invite_WithoutSdp_SendsNothingToTheRelayAndForwardsTheInvite()
    {
        _edge.RegisterBob();

        _edge.Receive(PhoneInvite(sdp: null), _edge.Udp(Alice));

        Assert.Empty(_ng.Commands);
        Assert.Equal(0, _edge.ForwardedTo(Bob).Message.BodyLength);
    }

    [Fact]
    public void Invite_ForkedToSoftphoneAndBrowser_EachBranchCarriesItsOwnProfile()
    {
        _edge.Register("bob", $"<{BobContact}>;q=0.5", _edge.Udp(Bob));
        _edge.Register("bob", $"<sip:bob@{CarolBrowser};transport=ws>;q=0.5", _edge.CarolSource());
        _edge.Sender.Clear();

        _edge.Receive(PhoneInvite(), _edge.Udp(Alice));

        var offers = _ng.CommandsOf<NgOfferCommand>();
        Assert.Equal(2, offers.Count);
        Assert.Equal(["RTP/AVP", "UDP/TLS/RTP/SAVPF"], offers.Select(o => o.TransportProtocol).Order(StringComparer.Ordinal));
        var invites = _edge.Sender.RequestsWith(SipMethod.Invite);
        Assert.Contains(" RTP/AVP ", invites.Single(i => i.Destination.Transport == SipTransportKind.Udp).Message.BodyText(), StringComparison.Ordinal);
        Assert.Contains(" UDP/TLS/RTP/SAVPF ", invites.Single(i => i.Destination.Transport == SipTransportKind.Ws).Message.BodyText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invite_RelayRefusesTheOffer_CallerGets488WithTheRelaysReasonAndNothingRings()
    {
        _edge.RegisterBob();
        _ng.Responder = c => c is NgOfferCommand ? new NgErrorReply("Failed to parse SDP: MissingVersion") : _ng.RelayLike(c);

        _edge.Receive(PhoneInvite(), _edge.Udp(Alice));

        var reply = Assert.Single(_edge.ResponsesTo(Alice), r => r.Status >= 200);
        Assert.Equal(488, reply.Status);
        Assert.Equal("Not Acceptable Here (Media Relay: Failed to parse SDP: MissingVersion)", Text(reply.Message.ReasonPhrase));
        Assert.Empty(_edge.RequestsTo(Bob, SipMethod.Invite));
        Assert.Single(_ng.CommandsOf<NgDeleteCommand>());
    }

    [Fact]
    public void Invite_RelayNeverAnswers_CallerGets503AfterTheCommandTimeout()
    {
        _edge.RegisterBob();
        _ng.Hold = true;

        _edge.Receive(PhoneInvite(), _edge.Udp(Alice));
        Assert.Equal([100], _edge.StatusesTo(Alice));

        _edge.Advance(TimeSpan.FromSeconds(5.1));

        Assert.Equal([100, 503], _edge.StatusesTo(Alice).Distinct());
        Assert.Equal("Service Unavailable (Media Relay Unavailable)", Text(_edge.ResponsesTo(Alice).First(r => r.Status == 503).Message.ReasonPhrase));
        Assert.Empty(_edge.RequestsTo(Bob, SipMethod.Invite));
    }

    [Fact]
    public void Invite_RelayAnswersLater_TheInviteIsForwardedWhenTheReplyArrives()
    {
        _edge.RegisterBob();
        _ng.Hold = true;

        _edge.Receive(PhoneInvite(), _edge.Udp(Alice));
        Assert.Empty(_edge.RequestsTo(Bob, SipMethod.Invite));

        Assert.Equal(1, _ng.ReleaseAll());

        Assert.Contains(FakeNgClient.RelayAddress, _edge.ForwardedTo(Bob).Message.BodyText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cancel_WhileTheOfferIsAtTheRelay_NothingRingsAndTheSessionIsDeleted()
    {
        _edge.RegisterBob();
        _ng.Hold = true;
        var invite = PhoneInvite();
        _edge.Receive(invite, _edge.Udp(Alice));

        _edge.Receive(SipRequests(invite, "CANCEL"), _edge.Udp(Alice));
        Assert.Contains(487, _edge.StatusesTo(Alice));
        _ng.Hold = false;
        _ng.ReleaseAll();

        Assert.Empty(_edge.RequestsTo(Bob, SipMethod.Invite));
        var delete = Assert.Single(_ng.CommandsOf<NgDeleteCommand>());
        Assert.Equal(invite.CallId, delete.CallId);
    }

    [Fact]
    public void Invite_FromUdpPeerWithWebRtcSdp_IsAnsweredInItsWebRtcProfile()
    {
        _edge.RegisterBob();
        _edge.Receive(PhoneInvite(sdp: BrowserSdp), _edge.Udp(Alice));
        var forwarded = _edge.ForwardedTo(Bob);

        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", PhoneSdp));

        var answer = Assert.Single(_ng.CommandsOf<NgAnswerCommand>());
        Assert.Equal(NgIceMode.Force, answer.Ice);

        // No DTLS role in the answer: the relay keeps the one it took (see DefaultWebRtcAnswerFlags).
        Assert.Null(answer.Dtls);
    }

    /// <summary>A CANCEL for the INVITE as its sender builds it (RFC 3261 §9.1): same Via, Call-ID, From, To and CSeq number.</summary>
    private static SipMessageBuilder SipRequests(SipMessageBuilder invite, string method)
    {
        var parsed = invite.Parse();
        return SipMessageBuilder.Bare(method, Text(parsed.RequestUri))
            .Add("Via", Text(parsed.FirstValue(HeaderId.Via)))
            .Add("Max-Forwards", "70")
            .Add("From", Text(parsed.FirstValue(HeaderId.From)))
            .Add("To", Text(parsed.FirstValue(HeaderId.To)))
            .Add("Call-ID", invite.CallId)
            .Add("CSeq", $"{parsed.CSeq.Number} {method}");
    }
}
