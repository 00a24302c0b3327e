using Bridgehead.Sip;
using Bridgehead.Testing;
using Bridgehead.Testing.Sip;
using static Bridgehead.Tests.Routing.EdgeScenario;

namespace Bridgehead.Tests.Routing;

/// <summary>The proxy's request checks and routing decisions (RFC 3261 §16.2–16.5).</summary>
public sealed class SipEdgeRequestTests : IDisposable
{
    private readonly TestSipEdge _edge = new();

    public void Dispose() => _edge.Dispose();

    [Fact]
    public void Invite_ToRegisteredUser_Gets100TryingAtOnceAndIsForwardedToTheContact()
    {
        _edge.RegisterBob();

        _edge.Receive(Invite(), _edge.Udp(Alice));

        var trying = _edge.ResponsesTo(Alice).Single();
        Assert.Equal(100, trying.Status);
        Assert.False(trying.Message.To.HasTag);
        var forwarded = _edge.ForwardedTo(Bob);
        Assert.Equal(BobContact, Text(forwarded.Message.RequestUri));
        Assert.Equal(SipTransportKind.Udp, forwarded.Destination.Transport);
        Assert.Equal(FixedListenerCatalog.UdpV4, forwarded.Destination.ListenerId);
    }

    [Fact]
    public void NonInvite_IsNotAnsweredWith100Trying()
    {
        _edge.RegisterBob();

        _edge.Receive(SipMessageBuilder.Request("MESSAGE", "sip:bob@example.com").WithBody("text/plain", "hi"), _edge.Udp(Alice));

        Assert.Empty(_edge.ResponsesTo(Alice));
        Assert.Equal(SipMethod.Message, _edge.ForwardedTo(Bob, SipMethod.Message).Method);
    }

    [Fact]
    public void Forward_DecrementsMaxForwards()
    {
        _edge.RegisterBob();

        _edge.Receive(Invite().Set("Max-Forwards", "10"), _edge.Udp(Alice));

        Assert.Equal(9, _edge.ForwardedTo(Bob).Message.MaxForwards);
    }

    [Fact]
    public void Forward_WithoutMaxForwards_Adds70()
    {
        _edge.RegisterBob();

        _edge.Receive(Invite().Remove("Max-Forwards"), _edge.Udp(Alice));

        var forwarded = _edge.ForwardedTo(Bob).Message;
        Assert.Equal(70, forwarded.MaxForwards);
        Assert.Single(forwarded.All(HeaderId.MaxForwards));
    }

    [Fact]
    public void Forward_WithMaxForwardsOne_GoesOutWithZero()
    {
        _edge.RegisterBob();

        _edge.Receive(Invite().Set("Max-Forwards", "1"), _edge.Udp(Alice));

        Assert.Equal(0, _edge.ForwardedTo(Bob).Message.MaxForwards);
    }

    [Fact]
    public void MaxForwardsZero_IsAnsweredWith483()
    {
        _edge.RegisterBob();

        _edge.Receive(Invite().Set("Max-Forwards", "0"), _edge.Udp(Alice));

        Assert.Equal([483], _edge.StatusesTo(Alice));
        Assert.Empty(_edge.Sender.Requests);
    }

    [Fact]
    public void Rfc4475_zeromf_IsAnsweredWith483()
    {
        _edge.Receive(TestVectors.Read("rfc4475", "zeromf.dat"), _edge.Udp("192.0.2.77:5060"));

        Assert.Equal(483, _edge.Sender.Last.Status);
    }

    [Fact]
    public void OptionsForTheEdgeWithMaxForwardsZero_IsAnsweredWith200()
    {
        _edge.Receive(SipMessageBuilder.Request("OPTIONS", "sip:example.com").Set("Max-Forwards", "0"), _edge.Udp(Alice));

        var ok = _edge.Sender.SingleResponse(200).Message;
        Assert.Contains("INVITE", ok.All(HeaderId.Allow));
        Assert.True(ok.To.HasTag);
    }

    [Fact]
    public void Rfc4475_unkscm_IsAnsweredWith416()
    {
        _edge.Receive(TestVectors.Read("rfc4475", "unkscm.dat"), _edge.Source(SipTransportKind.Tcp, "192.0.2.77:40000"));

        Assert.Equal(416, _edge.Sender.Last.Status);
    }

    [Fact]
    public void TelRequestUri_IsAnsweredWith416()
    {
        _edge.Receive(Invite(to: "tel:+15551234567"), _edge.Udp(Alice));

        Assert.Equal(416, _edge.Sender.Responses[^1].Status);
        Assert.Empty(_edge.Sender.Requests);
    }

    [Fact]
    public void Rfc4475_bext01_IsAnsweredWith420ListingTheUnsupportedProxyRequireTags()
    {
        _edge.Receive(TestVectors.Read("rfc4475", "bext01.dat"), _edge.Source(SipTransportKind.Tcp, "192.0.2.77:40000", 5));

        var response = _edge.Sender.Last.Message;
        Assert.Equal(420, response.StatusCode);
        Assert.Equal(5, _edge.Sender.Last.Destination.ConnectionId);
        Assert.Equal(["noProxiesSupportThis", "norDoAnyProxiesSupportThis"], response.All(HeaderId.Unsupported));
    }

    [Fact]
    public void ProxyRequire_OfASupportedExtension_IsForwarded()
    {
        _edge.RegisterBob();

        _edge.Receive(Invite().Add("Proxy-Require", "path"), _edge.Udp(Alice));

        Assert.Equal(["path"], _edge.ForwardedTo(Bob).Message.All(HeaderId.ProxyRequire));
    }

    [Fact]
    public void ForeignDomain_WithoutDefaultRoute_IsRefusedWith403()
    {
        _edge.Receive(Invite(to: "sip:carol@other.example.net"), _edge.Udp(Alice));

        Assert.Equal([403], _edge.StatusesTo(Alice));
        Assert.Empty(_edge.Sender.Requests);
    }

    [Fact]
    public void ForeignDomain_FromAForeignUser_IsStillRefused()
    {
        _edge.Receive(Invite(to: "sip:carol@other.example.net", from: "sip:mallory@elsewhere.example.org"), _edge.Udp(Alice));

        Assert.Equal([403], _edge.StatusesTo(Alice));
    }

    [Fact]
    public void ForeignDomain_WithDefaultRoute_IsForwardedThereWithTheRequestUriKept()
    {
        using var edge = new TestSipEdge(proxy: p => p.DefaultRoute = $"sip:{Switch}");

        edge.Receive(Invite(to: "sip:carol@other.example.net"), edge.Udp(Alice));

        var forwarded = edge.ForwardedTo(Switch).Message;
        Assert.Equal("sip:carol@other.example.net", Text(forwarded.RequestUri));
        Assert.Equal([100], edge.StatusesTo(Alice));
    }

    [Fact]
    public void LocalUserUnknown_IsAnsweredWith404()
    {
        _edge.Receive(Invite(to: "sip:nobody@example.com"), _edge.Udp(Alice));

        Assert.Equal([404], _edge.StatusesTo(Alice));
    }

    [Fact]
    public async Task LocalSubscriberNotRegistered_IsAnsweredWith480()
    {
        await _edge.AddSubscriberAsync("dave", "secret");

        _edge.Receive(Invite(to: "sip:dave@example.com"), _edge.Udp(Alice));

        Assert.Equal([480], _edge.StatusesTo(Alice));
    }

    [Fact]
    public void LocalUserWhoseBindingsExpired_IsAnsweredWith480()
    {
        _edge.Register("bob", $"<{BobContact}>", _edge.Udp(Bob), expires: 60);
        _edge.Sender.Clear();
        _edge.Advance(TimeSpan.FromSeconds(61));

        _edge.Receive(Invite(), _edge.Udp(Alice));

        Assert.Equal([480], _edge.StatusesTo(Alice));
    }

    [Fact]
    public void LocalUserNotRegistered_WithDefaultRoute_GoesToTheSwitch()
    {
        using var edge = new TestSipEdge(proxy: p => p.DefaultRoute = $"sip:{Switch}");

        edge.Receive(Invite(to: "sip:1000@example.com"), edge.Udp(Alice));

        Assert.Equal("sip:1000@example.com", Text(edge.ForwardedTo(Switch).Message.RequestUri));
    }

    [Fact]
    public void RequestUriNamingAListenerAddress_IsLocal()
    {
        _edge.RegisterBob();

        _edge.Receive(Invite(to: "sip:bob@192.0.2.1"), _edge.Udp(Alice));

        Assert.Equal(BobContact, Text(_edge.ForwardedTo(Bob).Message.RequestUri));
    }

    [Fact]
    public void LoopedRequest_IsAnsweredWith482()
    {
        using var edge = new TestSipEdge(proxy: p => p.DefaultRoute = $"sip:{Switch}");
        edge.Receive(Invite(to: "sip:carol@other.example.net"), edge.Udp(Alice));
        var forwarded = edge.ForwardedTo(Switch);

        // The switch sends the very request back to the edge, unchanged.
        edge.Receive(forwarded.Data, edge.Udp(Switch));

        Assert.Equal([482], edge.StatusesTo(Switch));
        Assert.Single(edge.RequestsTo(Switch));
    }

    [Fact]
    public void SpiralWithANewRequestUri_IsForwarded()
    {
        using var edge = new TestSipEdge(proxy: p => p.DefaultRoute = $"sip:{Switch}");
        edge.RegisterBob();
        edge.Receive(Invite(to: "sip:carol@other.example.net"), edge.Udp(Alice));
        var forwarded = edge.ForwardedTo(Switch);

        // The switch routes it back for a local user: same Call-ID and tags, another Request-URI.
        var spiral = SipMessageBuilder.ParseValid(forwarded.Data);
        var text = Text(forwarded.Data).Replace("INVITE sip:carol@other.example.net SIP/2.0", "INVITE sip:bob@example.com SIP/2.0", StringComparison.Ordinal);
        var viaOfSwitch = $"Via: SIP/2.0/UDP {Switch};branch={SipMessageBuilder.NewBranch()}\r\n";
        text = text.Insert(text.IndexOf("\r\n", StringComparison.Ordinal) + 2, viaOfSwitch);
        edge.Receive(System.Text.Encoding.UTF8.GetBytes(text), edge.Udp(Switch));

        var toBob = edge.ForwardedTo(Bob).Message;
        Assert.Equal(spiral.CallId.ToArray(), toBob.CallId.ToArray());
        Assert.Equal(4, toBob.All(HeaderId.Via).Count);
        Assert.DoesNotContain(482, edge.StatusesTo(Switch));
    }

    [Fact]
    public void MalformedRequest_IsAnsweredWith400()
    {
        var bad = Invite().Remove("Call-ID");

        _edge.Receive(bad, _edge.Udp(Alice));

        Assert.Equal([400], _edge.StatusesTo(Alice));
        Assert.Contains("Call-ID", Text(_edge.Sender.Last.Parsed.ReasonPhrase), StringComparison.Ordinal);
        Assert.Equal(0, _edge.Transactions.ServerCount);
    }
}
