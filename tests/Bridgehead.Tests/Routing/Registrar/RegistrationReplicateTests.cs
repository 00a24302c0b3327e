using System.Net;
using Bridgehead.Routing.Pool;
using Bridgehead.Routing.Registrar;
using Bridgehead.Sip;
using static Bridgehead.Tests.Routing.Registrar.RelayTestKit;

namespace Bridgehead.Tests.Routing.Registrar;

/// <summary>
/// Registrar:Mode replicate and local, and calls from the pool: a switch is trusted (never
/// challenged) and reaches only the edge's own users; anybody else from a local domain still
/// authenticates.
/// </summary>
public sealed class RegistrationReplicateTests
{
    [Fact]
    public void Replicate_EdgeAnswersItself_TheSwitchGetsACopyWithPathAndWithoutTheEdgesCredentials()
    {
        using var edge = Edge(RegistrationMode.Replicate);
        var phone = new IPEndPoint(IPAddress.Loopback, 5099);
        edge.ReceiveUdp(phone, UdpRegister("carol", 5099, 1, authorization: "Digest username=\"carol\", realm=\"bridgehead\", nonce=\"n\", uri=\"sip:127.0.0.1\", response=\"r\""));

        Assert.Single(edge.Registrar.LiveBindings("carol"));
        var (to200, ok) = Assert.Single(edge.Sender.Sent, s => s.Message.IsResponse);
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(phone, to200.EndPoint);
        var (toSwitch, copy) = Assert.Single(edge.Sender.Requests(SipMethod.Register));
        Assert.InRange(toSwitch.EndPoint.Port, 5071, 5073);
        Assert.False(copy.Has(HeaderId.Authorization));
        Assert.StartsWith("<sip:127.0.0.1:5060;lr;bhreg=", Assert.Single(Values(copy, HeaderId.Path)), StringComparison.Ordinal);

        // The switch's answer goes nowhere: the phone already has the edge's.
        edge.ReceiveUdp(toSwitch.EndPoint, Reply(copy, 200, "OK", "Contact: <sip:carol@127.0.0.1:5099>;expires=600"));
        Assert.Single(edge.Sender.Sent, s => s.Message.IsResponse);
    }

    [Fact]
    public void Replicate_SwitchAnswers503_TheCopyGoesToTheNextSwitch()
    {
        using var edge = Edge(RegistrationMode.Replicate);
        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 5099), UdpRegister("carol", 5099, 1));
        var (first, copy) = Assert.Single(edge.Sender.Requests(SipMethod.Register));

        edge.ReceiveUdp(first.EndPoint, Reply(copy, 503, "Service Unavailable"));

        var copies = edge.Sender.Requests(SipMethod.Register);
        Assert.Equal(2, copies.Count);
        Assert.NotEqual(first.EndPoint, copies[1].Destination.EndPoint);
    }

    [Fact]
    public void Replicate_RefusedRegister_NoCopy()
    {
        using var edge = Edge(RegistrationMode.Replicate);
        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 5099), UdpRegister("carol", 5099, 1, expires: 10));

        Assert.Single(edge.Sender.Responses(423));
        Assert.Empty(edge.Sender.Requests(SipMethod.Register));
    }

    [Fact]
    public void Local_TheDefault_NothingIsRelayed()
    {
        Assert.Equal(RegistrationMode.Local, new Bridgehead.Routing.RegistrarOptions().Mode);
        using var edge = Edge(RegistrationMode.Local);
        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 5099), UdpRegister("carol", 5099, 1));

        Assert.Single(edge.Sender.Responses(200));
        Assert.Empty(edge.Sender.Requests(SipMethod.Register));
    }

    [Fact]
    public void CallFromAPoolMember_NotChallenged_FoundInTheEdgesLocation_SentOverTheBrowsersConnection()
    {
        using var edge = Edge(RegistrationMode.Local, auth: true);
        edge.AddSubscriber("bob");
        RegisterLocally(edge);

        // FreeSWITCH bridging agent 1000 to bob keeps the caller's From in our domain.
        edge.ReceiveUdp(Switch(2), SwitchInvite("sip:bob@127.0.0.1", route: null, 2, "a2a-1"));

        Assert.Empty(edge.Sender.Responses(407));
        var (to, _) = Assert.Single(edge.Sender.Requests(SipMethod.Invite));
        Assert.Equal(Phone, to.EndPoint);
    }

    [Fact]
    public void CallFromOutsideThePool_WithALocalFrom_IsChallenged()
    {
        using var edge = Edge(RegistrationMode.Local, auth: true);
        edge.AddSubscriber("bob");
        RegisterLocally(edge);

        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 5999), SwitchInvite("sip:bob@127.0.0.1", route: null, 2, "a2a-2"));

        Assert.Single(edge.Sender.Responses(407));
        Assert.Empty(edge.Sender.Requests(SipMethod.Invite));
    }

    [Fact]
    public void CallFromATrustedAddress_NotChallenged()
    {
        using var edge = Edge(RegistrationMode.Local, auth: true, switches: 0, pool: new PoolOptions { Trusted = ["127.0.0.9"] });
        edge.AddSubscriber("bob");
        RegisterLocally(edge);

        edge.ReceiveUdp(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 5060), SwitchInvite("sip:bob@127.0.0.1", route: null, 2, "a2a-3"));

        var (to, _) = Assert.Single(edge.Sender.Requests(SipMethod.Invite));
        Assert.Equal(Phone, to.EndPoint);
    }

    [Fact]
    public void CallFromAPoolMember_ToAnUnregisteredUser_480_NeverBackToTheDefaultRoute()
    {
        using var edge = Edge(RegistrationMode.Local, defaultRoute: "sip:127.0.0.1:5072");
        edge.AddSubscriber("bob");

        edge.ReceiveUdp(Switch(2), SwitchInvite("sip:bob@127.0.0.1", route: null, 2, "orig-5"));

        Assert.Single(edge.Sender.Responses(480));
        Assert.Empty(edge.Sender.Requests(SipMethod.Invite));
    }

    [Fact]
    public void CallByAPresentedContact_WhoseUserIsGone_480()
    {
        using var edge = Edge(RegistrationMode.Forward, pathAttribute: "no");
        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 5099), UdpRegister("carol", 5099, 1));
        var (toSwitch, register) = Assert.Single(edge.Sender.Requests(SipMethod.Register));
        var contact = Assert.Single(Values(register, HeaderId.Contact));

        // The switch still has a binding the edge never saved (its 200 never came back).
        edge.ReceiveUdp(toSwitch.EndPoint, SwitchInvite(Inner(contact), route: null, toSwitch.EndPoint.Port - 5070, "orig-6"));

        Assert.Single(edge.Sender.Responses(480));
        Assert.Empty(edge.Sender.Requests(SipMethod.Invite));
    }

    private static readonly IPEndPoint Phone = new(IPAddress.Loopback, 40001);

    /// <summary>A UDP binding for bob, put in the location as the registrar would (authentication is on and bob has no usable password).</summary>
    private static void RegisterLocally(FlowTestEdge edge) =>
        edge.Registrar.Table.Apply(new Bridgehead.Storage.Location.LocationChange("bob",
        [
            Bridgehead.Storage.Location.LocationOperation.Upsert(new Bridgehead.Storage.Location.BindingRecord
            {
                Aor = "bob",
                ContactUri = "sip:bob@127.0.0.1:40001",
                ExpiresAt = edge.Time.GetUtcNow().AddMinutes(10),
                CallId = "c",
                CSeq = 1,
                Transport = SipTransportKind.Udp,
                Source = Phone.ToString(),
                LocalListener = "udp",
                UpdatedAt = edge.Time.GetUtcNow(),
            }),
        ]));
}
