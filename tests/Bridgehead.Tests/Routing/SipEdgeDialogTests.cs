using Bridgehead.Sip;
using Bridgehead.Testing.Sip;
using static Bridgehead.Tests.Routing.EdgeScenario;

namespace Bridgehead.Tests.Routing;

/// <summary>Loose routing of in-dialog requests, pre-loaded Route sets and the ACK of a 2xx (RFC 3261 §12.2, §16.4, §16.6).</summary>
public sealed class SipEdgeDialogTests : IDisposable
{
    private readonly TestSipEdge _edge = new();

    public void Dispose() => _edge.Dispose();

    /// <summary>alice → edge → bob, answered 200: returns the 200 as alice got it.</summary>
    private SipMessage EstablishCall(SipDestination? bobSource = null, string bobContact = $"<{BobContact}>")
    {
        _edge.Register("bob", bobContact, bobSource ?? _edge.Udp(Bob));
        _edge.Sender.Clear();
        _edge.Receive(Invite(), _edge.Udp(Alice));
        var forwarded = _edge.Sender.RequestsWith(SipMethod.Invite)[0];
        _edge.Answer(forwarded, 200, change: r => r.Add("Contact", bobContact));
        var ok = _edge.ResponsesTo(Alice).Single(m => m.Status == 200).Message;
        _edge.Sender.Clear();
        return ok;
    }

    /// <summary>
    /// An in-dialog request from alice (the UAC): the remote target is the 200's Contact and the
    /// route set its Record-Route list reversed (RFC 3261 §12.1.2).
    /// </summary>
    private static SipMessageBuilder FromAlice(string method, SipMessage ok, uint cseq = 2)
    {
        Assert.True(NameAddress.TryParse(ok.FirstValueMemory(HeaderId.Contact), out var contact));
        var request = SipMessageBuilder.Request(method, Text(contact.UriText), cseq: cseq)
            .Set("From", Text(ok.FirstValue(HeaderId.From)))
            .Set("To", Text(ok.FirstValue(HeaderId.To)))
            .Set("Call-ID", Text(ok.CallId));
        foreach (var rr in Enumerable.Reverse(ok.All(HeaderId.RecordRoute)))
        {
            request.Add("Route", rr);
        }

        return request;
    }

    /// <summary>An in-dialog request from bob (the UAS): the route set is the INVITE's Record-Route list in order (§12.1.1).</summary>
    private static SipMessageBuilder FromBob(string method, SipMessage ok, string transport = "UDP")
    {
        var request = SipMessageBuilder.Request(method, $"sip:alice@{Alice}", sentBy: Bob, transport: transport)
            .Set("From", Text(ok.FirstValue(HeaderId.To)))
            .Set("To", Text(ok.FirstValue(HeaderId.From)))
            .Set("Call-ID", Text(ok.CallId));
        foreach (var rr in ok.All(HeaderId.RecordRoute))
        {
            request.Add("Route", rr);
        }

        return request;
    }

    [Fact]
    public void ByeFromCaller_PopsOurRouteAndGoesToTheRegisteredContact()
    {
        var ok = EstablishCall();

        _edge.Receive(FromAlice("BYE", ok), _edge.Udp(Alice));

        var bye = _edge.ForwardedTo(Bob, SipMethod.Bye).Message;
        Assert.Equal(BobContact, Text(bye.RequestUri));
        Assert.Empty(bye.All(HeaderId.Route));
        Assert.Empty(bye.All(HeaderId.RecordRoute));
        Assert.Equal(2, bye.All(HeaderId.Via).Count);
    }

    [Fact]
    public void ByeFromCallee_PopsOurRouteAndGoesToTheCallersContact()
    {
        var ok = EstablishCall();

        _edge.Receive(FromBob("BYE", ok), _edge.Udp(Bob));

        var bye = _edge.ForwardedTo(Alice, SipMethod.Bye);
        Assert.Equal($"sip:alice@{Alice}", Text(bye.Message.RequestUri));
        Assert.Empty(bye.Message.All(HeaderId.Route));

        // The 200 for the BYE goes back to bob with only his Via.
        _edge.Answer(bye, 200);
        var ok200 = _edge.ResponsesTo(Bob).Single().Message;
        Assert.Equal(200, ok200.StatusCode);
        Assert.Single(ok200.All(HeaderId.Via));
    }

    [Fact]
    public void DoubleRecordRoute_CalleeOnTcp_InDialogRequestsPopBothAndLeaveByTheOtherSide()
    {
        var ok = EstablishCall(_edge.Source(SipTransportKind.Tcp, Bob, connectionId: 77), $"<{BobContact};transport=tcp>");
        Assert.Equal(2, ok.All(HeaderId.RecordRoute).Count);

        _edge.Receive(FromBob("BYE", ok, transport: "TCP"), _edge.Source(SipTransportKind.Tcp, Bob, connectionId: 77));
        var toAlice = _edge.ForwardedTo(Alice, SipMethod.Bye);
        Assert.Empty(toAlice.Message.All(HeaderId.Route));
        Assert.Equal(SipTransportKind.Udp, toAlice.Destination.Transport);
        Assert.Equal(SipTransportKind.Udp, toAlice.Message.TopVia.Transport);

        _edge.Receive(FromAlice("INFO", ok, cseq: 3), _edge.Udp(Alice));
        var toBob = _edge.ForwardedTo(Bob, SipMethod.Info);
        Assert.Empty(toBob.Message.All(HeaderId.Route));
        Assert.Equal(SipTransportKind.Tcp, toBob.Destination.Transport);
        Assert.Equal(77, toBob.Destination.ConnectionId);
        Assert.Equal(SipTransportKind.Tcp, toBob.Message.TopVia.Transport);
    }

    [Fact]
    public void AckOfSuccess_IsRoutedStatelesslyByItsRouteSet()
    {
        var ok = EstablishCall();
        var clients = _edge.Transactions.ClientCount;

        _edge.Receive(FromAlice("ACK", ok, cseq: 1), _edge.Udp(Alice));

        var ack = _edge.ForwardedTo(Bob, SipMethod.Ack).Message;
        Assert.Equal(BobContact, Text(ack.RequestUri));
        Assert.Empty(ack.All(HeaderId.Route));
        Assert.Equal(2, ack.All(HeaderId.Via).Count);
        Assert.Empty(_edge.Sender.Responses);
        Assert.Equal(clients, _edge.Transactions.ClientCount);
    }

    [Fact]
    public void AckOfSuccess_Retransmitted_IsForwardedWithTheSameBranch()
    {
        var ok = EstablishCall();
        var ack = FromAlice("ACK", ok, cseq: 1);

        _edge.Receive(ack, _edge.Udp(Alice));
        _edge.Receive(ack, _edge.Udp(Alice));

        // RFC 3261 §16.11: a stateless proxy gives a retransmission the branch it gave the original.
        var bob = System.Net.IPEndPoint.Parse(Bob);
        var forwarded = _edge.Sender.Requests.Where(m => m.Method == SipMethod.Ack && m.Destination.EndPoint.Equals(bob))
            .Select(m => Text(m.Message.TopVia.Branch.Span)).ToList();
        Assert.Equal(2, forwarded.Count);
        Assert.Equal(forwarded[0], forwarded[1]);
    }

    [Fact]
    public void InDialogRequestWithoutOurRoute_ToAForeignTarget_IsAnsweredWith404()
    {
        var request = SipMessageBuilder.Request("BYE", $"sip:carol@{Switch}").Set("To", "<sip:carol@other.example.net>;tag=x");

        _edge.Receive(request, _edge.Udp(Alice));

        Assert.Equal([404], _edge.StatusesTo(Alice));
    }

    [Fact]
    public void InDialogRequestToOurAddressWithAUser_IsRoutedByLocation()
    {
        // Peers that ignore Record-Route send in-dialog requests to the edge with the callee's user.
        _edge.RegisterBob();
        var request = SipMessageBuilder.Request("BYE", "sip:bob@192.0.2.1:5060").Set("To", "<sip:bob@example.com>;tag=b");

        _edge.Receive(request, _edge.Udp(Alice));

        Assert.Equal(BobContact, Text(_edge.ForwardedTo(Bob, SipMethod.Bye).Message.RequestUri));
    }

    [Fact]
    public void StrictRouterRequest_GetsTheLastRouteAsRequestUri()
    {
        _edge.RegisterBob();

        // The previous hop is a strict router: our Record-Route value became the Request-URI.
        var request = SipMessageBuilder.Request("BYE", "sip:192.0.2.1:5060;lr", sentBy: Switch)
            .Set("To", "<sip:bob@example.com>;tag=b").Add("Route", $"<{BobContact}>");
        _edge.Receive(request, _edge.Udp(Switch));

        var bye = _edge.ForwardedTo(Bob, SipMethod.Bye).Message;
        Assert.Equal(BobContact, Text(bye.RequestUri));
        Assert.Empty(bye.All(HeaderId.Route));
    }

    [Fact]
    public void PreloadedRoute_InitialRequestGoesToTheNextRouteWithRequestUriKept()
    {
        var invite = Invite(to: "sip:carol@other.example.net").Add("Route", "<sip:192.0.2.1:5060;lr>").Add("Route", "<sip:198.51.100.99:5070;lr>");

        _edge.Receive(invite, _edge.Udp(Alice));

        var forwarded = _edge.ForwardedTo("198.51.100.99:5070").Message;
        Assert.Equal("sip:carol@other.example.net", Text(forwarded.RequestUri));
        Assert.Equal(["<sip:198.51.100.99:5070;lr>"], forwarded.All(HeaderId.Route));
        Assert.Equal(["<sip:192.0.2.1:5060;lr>"], forwarded.All(HeaderId.RecordRoute));
    }

    [Fact]
    public void PreloadedRoute_ForALocalUserThroughAnotherProxy_FollowsTheRoute()
    {
        _edge.RegisterBob();
        var invite = Invite().Add("Route", "<sip:192.0.2.1:5060;lr>").Add("Route", "<sip:198.51.100.99:5070;lr>");

        _edge.Receive(invite, _edge.Udp(Alice));

        var forwarded = _edge.ForwardedTo("198.51.100.99:5070").Message;
        Assert.Equal("sip:bob@example.com", Text(forwarded.RequestUri));
        Assert.Empty(_edge.RequestsTo(Bob));
    }

    [Fact]
    public void OutboundProxyRouteOnly_ForALocalUser_IsRoutedByLocation()
    {
        _edge.RegisterBob();

        _edge.Receive(Invite().Add("Route", "<sip:192.0.2.1:5060;lr>"), _edge.Udp(Alice));

        var forwarded = _edge.ForwardedTo(Bob).Message;
        Assert.Equal(BobContact, Text(forwarded.RequestUri));
        Assert.Empty(forwarded.All(HeaderId.Route));
    }
}
