using System.Net;
using Bridgehead.Sip;
using Bridgehead.Testing.Sip;
using static Bridgehead.Tests.Routing.EdgeScenario;

namespace Bridgehead.Tests.Routing;

/// <summary>What the proxy changes in a forwarded request and its responses (RFC 3261 §16.6, §16.7, RFC 3581).</summary>
public sealed class SipEdgeForwardingTests : IDisposable
{
    private readonly TestSipEdge _edge = new();

    public void Dispose() => _edge.Dispose();

    [Fact]
    public void ForwardedRequest_CarriesOurViaOnTopWithAnRfc3261BranchHashingTheRequest()
    {
        _edge.RegisterBob();
        var invite = Invite();

        _edge.Receive(invite, _edge.Udp(Alice));

        var forwarded = _edge.ForwardedTo(Bob).Message;
        var vias = forwarded.All(HeaderId.Via);
        Assert.Equal(2, vias.Count);
        var ours = forwarded.TopVia;
        Assert.Equal(SipTransportKind.Udp, ours.Transport);
        Assert.Equal("192.0.2.1", ours.HostText);
        Assert.Equal(5060, ours.Port);
        Assert.True(ours.HasMagicCookie);
        Assert.True(BranchGenerator.TryReadLoopHash(ours.Branch.Span, out var hash));
        Assert.Equal(BranchGenerator.LoopHash(invite.Parse()), hash);
        Assert.StartsWith($"SIP/2.0/UDP {Alice};branch={invite.Branch}", vias[1], StringComparison.Ordinal);
    }

    [Fact]
    public void TwoForwardedCopies_HaveDifferentBranches()
    {
        _edge.RegisterBob();

        _edge.Receive(Invite(), _edge.Udp(Alice));
        _edge.Receive(Invite(), _edge.Udp(Alice));

        var branches = _edge.RequestsTo(Bob, SipMethod.Invite).Select(m => Text(m.Message.TopVia.Branch)).ToList();
        Assert.Equal(2, branches.Distinct().Count());
    }

    [Fact]
    public void PreviousVia_GetsReceivedAndRportFromTheSourceWhenBehindNat()
    {
        _edge.RegisterBob();

        // Sent-by is the phone's private address; the packet came from the NAT's public side.
        _edge.Receive(Invite(sentBy: "10.1.1.5:5060"), _edge.Udp("203.0.113.7:41000"));

        var forwarded = _edge.ForwardedTo(Bob).Message;
        var vias = forwarded.All(HeaderId.Via);
        Assert.True(Via.TryParse(System.Text.Encoding.ASCII.GetBytes(vias[1]), out var previous));
        Assert.Equal("203.0.113.7", Text(previous.Received));
        Assert.True(previous.TryGetParameter("rport"u8, out var rport));
        Assert.Equal("41000", Text(rport));

        // And the 100 Trying goes back to the NAT's public address and port.
        Assert.Equal(IPEndPoint.Parse("203.0.113.7:41000"), _edge.Sender.SingleResponse(100).Destination.EndPoint);
    }

    [Fact]
    public void PreviousVia_WithoutRportFromItsOwnAddress_IsLeftWithoutReceived()
    {
        _edge.RegisterBob();
        var invite = Invite().Set("Via", $"SIP/2.0/UDP {Alice};branch={SipMessageBuilder.NewBranch()}");

        _edge.Receive(invite, _edge.Udp(Alice));

        var vias = _edge.ForwardedTo(Bob).Message.All(HeaderId.Via);
        Assert.Equal(invite.Get("Via"), vias[1]);
    }

    [Fact]
    public void Invite_SameTransportAndInterface_GetsOneRecordRoute()
    {
        _edge.RegisterBob();

        _edge.Receive(Invite(), _edge.Udp(Alice));

        Assert.Equal(["<sip:192.0.2.1:5060;lr>"], _edge.ForwardedTo(Bob).Message.All(HeaderId.RecordRoute));
    }

    [Fact]
    public void Invite_UdpInTcpOut_GetsTwoRecordRoutesOutboundFirst()
    {
        var bobTcp = _edge.Source(SipTransportKind.Tcp, Bob, connectionId: 77);
        _edge.Register("bob", $"<{BobContact};transport=tcp>", bobTcp);
        _edge.Sender.Clear();

        _edge.Receive(Invite(), _edge.Udp(Alice));

        var forwarded = _edge.ForwardedTo(Bob);
        Assert.Equal(SipTransportKind.Tcp, forwarded.Destination.Transport);
        Assert.Equal(77, forwarded.Destination.ConnectionId);
        Assert.Equal(SipTransportKind.Tcp, forwarded.Message.TopVia.Transport);
        Assert.Equal(
            ["<sip:192.0.2.1:5060;transport=tcp;lr>", "<sip:192.0.2.1:5060;lr>"],
            forwarded.Message.All(HeaderId.RecordRoute));

        // Stream transports always get a Content-Length that frames the body.
        Assert.Equal(forwarded.Message.BodyLength, forwarded.Message.ContentLength);
    }

    [Fact]
    public void Invite_ToAWebSocketUser_GoesOverItsConnectionWithTwoRecordRoutes()
    {
        // A browser registered over WS: it is reached only over the connection it opened (RFC 7118 §5).
        var browser = _edge.Source(SipTransportKind.Ws, "203.0.113.7:41000", connectionId: 91);
        _edge.Register("bob", "<sip:k3l2j4@df7jal23ls0d.invalid;transport=ws>", browser);
        _edge.Sender.Clear();

        _edge.Receive(Invite(), _edge.Udp(Alice));

        var forwarded = _edge.ForwardedTo("203.0.113.7:41000");
        Assert.Equal(SipTransportKind.Ws, forwarded.Destination.Transport);
        Assert.Equal(91, forwarded.Destination.ConnectionId);
        Assert.Equal(FixedListenerCatalog.WsV4, forwarded.Destination.ListenerId);
        Assert.Equal("sip:k3l2j4@df7jal23ls0d.invalid;transport=ws", Text(forwarded.Message.RequestUri));
        Assert.Equal(SipTransportKind.Ws, forwarded.Message.TopVia.Transport);
        // Across WS<->UDP the WebSocket entry goes without ";transport=ws" so the UDP side never sees it.
        Assert.Equal(["<sip:192.0.2.1:8080;lr>", "<sip:192.0.2.1:5060;lr>"], forwarded.Message.All(HeaderId.RecordRoute));
    }

    [Fact]
    public void Invite_Ipv4InIpv6Out_GetsTwoRecordRoutes()
    {
        _edge.Register("bob", "<sip:bob@[2001:db8::20]:5062>", _edge.Udp("[2001:db8::20]:5062"));
        _edge.Sender.Clear();

        _edge.Receive(Invite(), _edge.Udp(Alice));

        var forwarded = _edge.ForwardedTo("[2001:db8::20]:5062");
        Assert.Equal(FixedListenerCatalog.UdpV6, forwarded.Destination.ListenerId);
        Assert.Equal("sip:bob@[2001:db8::20]:5062", Text(forwarded.Message.RequestUri));
        Assert.Equal("2001:db8::1", forwarded.Message.TopVia.HostText);
        Assert.Equal(["<sip:[2001:db8::1]:5060;lr>", "<sip:192.0.2.1:5060;lr>"], forwarded.Message.All(HeaderId.RecordRoute));
    }

    [Fact]
    public void Ipv6Caller_ToIpv6User_GetsOneRecordRouteAndReceivedOnItsVia()
    {
        _edge.Register("bob", "<sip:bob@[2001:db8::20]:5062>", _edge.Udp("[2001:db8::20]:5062"));
        _edge.Sender.Clear();

        _edge.Receive(Invite(sentBy: "[2001:db8::10]:5060"), _edge.Udp("[2001:db8::99]:40000"));

        var forwarded = _edge.ForwardedTo("[2001:db8::20]:5062").Message;
        Assert.Equal(["<sip:[2001:db8::1]:5060;lr>"], forwarded.All(HeaderId.RecordRoute));
        Assert.True(Via.TryParse(System.Text.Encoding.ASCII.GetBytes(forwarded.All(HeaderId.Via)[1]), out var previous));
        Assert.Equal("2001:db8::99", LocalAddressesHost(previous.Received));
        Assert.Equal(IPEndPoint.Parse("[2001:db8::99]:40000"), _edge.Sender.SingleResponse(100).Destination.EndPoint);
    }

    [Fact]
    public void NonDialogRequest_GetsNoRecordRoute()
    {
        _edge.RegisterBob();

        _edge.Receive(SipMessageBuilder.Request("OPTIONS", "sip:bob@example.com"), _edge.Udp(Alice));

        Assert.Empty(_edge.ForwardedTo(Bob, SipMethod.Options).Message.All(HeaderId.RecordRoute));
    }

    [Fact]
    public void Response_IsForwardedUpstreamWithExactlyOurViaRemoved()
    {
        _edge.RegisterBob();
        var invite = Invite();
        _edge.Receive(invite, _edge.Udp(Alice));
        var forwarded = _edge.ForwardedTo(Bob);

        _edge.Answer(forwarded, 180);

        var ringing = _edge.ResponsesTo(Alice).Single(m => m.Status == 180).Message;
        var vias = ringing.All(HeaderId.Via);
        Assert.Single(vias);
        Assert.Equal(forwarded.Message.All(HeaderId.Via)[1], vias[0]);
        Assert.Equal(invite.Branch, Text(ringing.TopVia.Branch));
        Assert.Equal("uas-tag", Text(ringing.To.Tag));
    }

    [Fact]
    public void Response_WithViasCombinedOnOneLine_LosesOnlyOurs()
    {
        _edge.RegisterBob();
        _edge.Receive(Invite(), _edge.Udp(Alice));
        var forwarded = _edge.ForwardedTo(Bob);
        var vias = forwarded.Message.All(HeaderId.Via);

        _edge.Answer(forwarded, 180, change: r => r.Set("Via", string.Join(", ", vias)));

        var ringing = _edge.ResponsesTo(Alice).Single(m => m.Status == 180).Message;
        Assert.Equal([vias[1]], ringing.All(HeaderId.Via));
    }

    [Fact]
    public void Response_100FromDownstream_IsNotForwarded()
    {
        _edge.RegisterBob();
        _edge.Receive(Invite(), _edge.Udp(Alice));

        _edge.Answer(_edge.ForwardedTo(Bob), 100, toTag: null);

        Assert.Equal([100], _edge.StatusesTo(Alice));
    }

    [Fact]
    public void SuccessRetransmittedAfterTheClientTransactionEnded_IsForwardedStatelessly()
    {
        _edge.RegisterBob();
        _edge.Receive(Invite(sentBy: "10.1.1.5:5060"), _edge.Udp("203.0.113.7:41000"));
        var forwarded = _edge.ForwardedTo(Bob);
        _edge.Answer(forwarded, 200);
        _edge.Advance(TimeSpan.FromSeconds(33));
        Assert.Equal(0, _edge.Transactions.ClientCount);
        _edge.Sender.Clear();

        _edge.Answer(forwarded, 200);

        var late = _edge.Sender.Last;
        Assert.Equal(200, late.Status);
        Assert.Equal(IPEndPoint.Parse("203.0.113.7:41000"), late.Destination.EndPoint);
        Assert.Single(late.Message.All(HeaderId.Via));
    }

    [Fact]
    public void SuccessRetransmittedLate_ToAnIpv6Caller_GoesToItsReceivedAddress()
    {
        _edge.Register("bob", "<sip:bob@[2001:db8::20]:5062>", _edge.Udp("[2001:db8::20]:5062"));
        _edge.Sender.Clear();
        _edge.Receive(Invite(sentBy: "[fd00::5]:5060"), _edge.Udp("[2001:db8::99]:40000"));
        var forwarded = _edge.ForwardedTo("[2001:db8::20]:5062");
        _edge.Answer(forwarded, 200);
        _edge.Advance(TimeSpan.FromSeconds(33));
        _edge.Sender.Clear();

        _edge.Answer(forwarded, 200);

        Assert.Equal(IPEndPoint.Parse("[2001:db8::99]:40000"), _edge.Sender.Last.Destination.EndPoint);
        Assert.Equal(200, _edge.Sender.Last.Status);
    }

    [Fact]
    public void ResponseWhoseTopViaIsNotOurs_IsDropped()
    {
        var stray = SipMessageBuilder.Response(Invite().Parse(), 200);

        _edge.Receive(stray, _edge.Udp(Bob));

        Assert.Empty(_edge.Sender.Sent);
    }

    [Fact]
    public void SecondSuccessFromAnotherFork_IsForwardedToo()
    {
        _edge.RegisterBob();
        _edge.Receive(Invite(), _edge.Udp(Alice));
        var forwarded = _edge.ForwardedTo(Bob);

        _edge.Answer(forwarded, 200, toTag: "fork-1");
        _edge.Answer(forwarded, 200, toTag: "fork-2");

        var oks = _edge.ResponsesTo(Alice).Where(m => m.Status == 200).Select(m => Text(m.Message.To.Tag)).ToList();
        Assert.Equal(["fork-1", "fork-2"], oks);
    }

    private static string LocalAddressesHost(ReadOnlyMemory<byte> received) => Text(received).Trim('[', ']');
}
