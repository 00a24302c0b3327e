using System.Net;
using Bridgehead.Routing.Registrar;
using Bridgehead.Sip;
using static Bridgehead.Tests.Routing.Registrar.RelayTestKit;

namespace Bridgehead.Tests.Routing.Registrar;

/// <summary>
/// Registrar:Mode forward: the REGISTER goes to a switch with Path and a Contact the switch can
/// reach, the switch's 401 and 200 go back to the user, and the edge keeps the binding only once
/// the switch said 200 — the binding that calls from the switch then follow to the user's connection.
/// </summary>
public sealed class RegistrationForwardTests
{
    [Fact]
    public void Forward_BrowserOverWebSocket_SwitchSeesPathAndNoWebSocketContact_401And200PassBack_BindingSavedOn200()
    {
        using var edge = Edge(RegistrationMode.Forward, auth: true);
        var browser = edge.OpenWebSocket(40001);

        edge.Receive(browser, FlowTestEdge.JsSipRegister("bob", "q7ffqecp", "pfqdplc1m9l2", 1, 600));

        // No challenge of the edge's own: the switch authenticates.
        Assert.Empty(edge.Sender.Responses(401));
        var (toSwitch, register) = Assert.Single(edge.Sender.Requests(SipMethod.Register));
        Assert.Equal(SipTransportKind.Udp, toSwitch.Transport);
        var path = Assert.Single(Values(register, HeaderId.Path));
        Assert.StartsWith("<sip:127.0.0.1:5060;lr;bhflow=", path, StringComparison.Ordinal);
        var contact = Assert.Single(Values(register, HeaderId.Contact));
        Assert.DoesNotContain("transport=ws", contact, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(".invalid", contact, StringComparison.Ordinal);
        Assert.StartsWith("<sip:q7ffqecp@127.0.0.1:5060;bhreg=", contact, StringComparison.Ordinal);
        Assert.EndsWith(">;+sip.ice;reg-id=1;+sip.instance=\"<urn:uuid:c3024c4c-9f5f-4231-95a1-3b81eb63cf91>\";expires=600", contact, StringComparison.Ordinal);
        Assert.Empty(edge.Registrar.LiveBindings("bob"));

        // The switch challenges: the browser gets the 401 as the switch wrote it.
        edge.ReceiveUdp(toSwitch.EndPoint, Reply(register, 401, "Unauthorized", "WWW-Authenticate: Digest realm=\"fs.example\", nonce=\"abc\", algorithm=MD5, qop=\"auth\""));
        var (to401, challenge) = Assert.Single(edge.Sender.Sent, s => s.Message.IsResponse && s.Message.StatusCode == 401);
        Assert.Equal(browser.Id, to401.ConnectionId);
        Assert.Equal("Digest realm=\"fs.example\", nonce=\"abc\", algorithm=MD5, qop=\"auth\"", System.Text.Encoding.ASCII.GetString(challenge.FirstValue(HeaderId.WwwAuthenticate)));
        Assert.Single(Values(challenge, HeaderId.Via));
        Assert.Empty(edge.Registrar.LiveBindings("bob"));

        // The browser answers it: the same switch gets the credentials untouched.
        edge.Receive(browser, FlowTestEdge.JsSipRegister("bob", "q7ffqecp", "pfqdplc1m9l2", 2, 600)
            .Replace("Supported:", "Authorization: Digest username=\"bob\", realm=\"fs.example\", nonce=\"abc\", uri=\"sip:127.0.0.1\", response=\"0123\"\r\nSupported:", StringComparison.Ordinal));
        var second = edge.Sender.Requests(SipMethod.Register);
        Assert.Equal(2, second.Count);
        var (toSwitch2, authorized) = second[1];
        Assert.Equal(toSwitch.EndPoint, toSwitch2.EndPoint);
        Assert.Equal("Digest username=\"bob\", realm=\"fs.example\", nonce=\"abc\", uri=\"sip:127.0.0.1\", response=\"0123\"", System.Text.Encoding.ASCII.GetString(authorized.FirstValue(HeaderId.Authorization)));
        var storedContact = Assert.Single(Values(authorized, HeaderId.Contact));
        Assert.Equal(contact, storedContact);

        // 200 with a shorter expiry than asked: the browser finds its own Contact in it, the edge keeps the binding for that long.
        edge.ReceiveUdp(toSwitch.EndPoint, Reply(authorized, 200, "OK", $"Contact: <{Inner(storedContact)}>;expires=300", $"Path: {path}"));
        var (to200, ok) = Assert.Single(edge.Sender.Sent, s => s.Message.IsResponse && s.Message.StatusCode == 200);
        Assert.Equal(browser.Id, to200.ConnectionId);
        Assert.Equal(["<sip:q7ffqecp@pfqdplc1m9l2.invalid;transport=ws>;expires=300"], Values(ok, HeaderId.Contact));
        var binding = Assert.Single(edge.Registrar.LiveBindings("bob"));
        Assert.Equal("sip:q7ffqecp@pfqdplc1m9l2.invalid;transport=ws", binding.ContactUri);
        Assert.Equal(browser.Id, binding.ConnectionId);
        Assert.Equal(edge.Time.GetUtcNow().AddSeconds(300), binding.ExpiresAt);
    }

    [Fact]
    public void Forward_CallFromTheSwitchByItsStoredContactAndPath_ReachesTheBrowsersConnectionWithItsOwnUri()
    {
        using var edge = Edge(RegistrationMode.Forward);
        var browser = edge.OpenWebSocket(40001);
        var (toSwitch, path, contact) = RegisterThroughSwitch(edge, browser);

        edge.ReceiveUdp(toSwitch, SwitchInvite(Inner(contact), path, toSwitch.Port - 5070, "orig-1"));

        var (to, invite) = Assert.Single(edge.Sender.Requests(SipMethod.Invite));
        Assert.Equal(browser.Id, to.ConnectionId);
        Assert.Equal(SipTransportKind.Ws, to.Transport);
        Assert.Equal("sip:q7ffqecp@pfqdplc1m9l2.invalid;transport=ws", invite.Uri.ToString());
        Assert.Empty(Values(invite, HeaderId.Route));
        Assert.Equal(["<sip:127.0.0.1:8080;lr>", "<sip:127.0.0.1:5060;lr>"], Values(invite, HeaderId.RecordRoute));
    }

    [Fact]
    public async Task Forward_BrowserReconnects_TheSwitchsOldPathFollowsTheBindingToTheNewConnection()
    {
        using var edge = Edge(RegistrationMode.Forward);
        var first = edge.OpenWebSocket(40001);
        var (toSwitch, oldPath, contact) = RegisterThroughSwitch(edge, first);
        edge.CloseByPeer(first);
        await Task.WhenAll(edge.Removals);
        var second = edge.OpenWebSocket(40002);
        RegisterThroughSwitch(edge, second, cseq: 3);

        // Same contact key for the same browser contact: the switch refreshed one binding, not two.
        var registers = edge.Sender.Requests(SipMethod.Register);
        Assert.Equal(contact, Assert.Single(Values(registers[^1].Message, HeaderId.Contact)));

        edge.ReceiveUdp(toSwitch, SwitchInvite("sip:q7ffqecp@127.0.0.1:5060", oldPath, toSwitch.Port - 5070, "orig-2"));

        var (to, _) = Assert.Single(edge.Sender.Requests(SipMethod.Invite));
        Assert.Equal(second.Id, to.ConnectionId);
    }

    [Fact]
    public void Forward_UdpSoftphoneReachableAsIs_ContactUntouched_PathCarriesTheContactsKey_CallByPathReachesIt()
    {
        using var edge = Edge(RegistrationMode.Forward);
        var phone = new IPEndPoint(IPAddress.Loopback, 5099);
        edge.ReceiveUdp(phone, UdpRegister("carol", 5099, 1));

        var (toSwitch, register) = Assert.Single(edge.Sender.Requests(SipMethod.Register));
        Assert.Equal(["<sip:carol@127.0.0.1:5099>"], Values(register, HeaderId.Contact));
        var path = Assert.Single(Values(register, HeaderId.Path));
        Assert.StartsWith("<sip:127.0.0.1:5060;lr;bhreg=", path, StringComparison.Ordinal);
        edge.ReceiveUdp(toSwitch.EndPoint, Reply(register, 200, "OK", "Contact: <sip:carol@127.0.0.1:5099>;expires=600"));
        Assert.Single(edge.Registrar.LiveBindings("carol"));
        Assert.Equal(["<sip:carol@127.0.0.1:5099>;expires=600"], Values(Assert.Single(edge.Sender.Responses(200)), HeaderId.Contact));

        edge.ReceiveUdp(toSwitch.EndPoint, SwitchInvite("sip:carol@127.0.0.1:5099;fs_nat=yes", path, toSwitch.EndPoint.Port - 5070, "orig-3"));

        var (to, invite) = Assert.Single(edge.Sender.Requests(SipMethod.Invite));
        Assert.Equal(phone, to.EndPoint);
        Assert.Equal("sip:carol@127.0.0.1:5099;fs_nat=yes", invite.Uri.ToString());
    }

    [Fact]
    public void Forward_SoftphoneBehindNat_ItsPrivateContactIsPresentedAsTheEdges()
    {
        using var edge = Edge(RegistrationMode.Forward);
        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 40123), UdpRegister("carol", 40123, 1, contactHost: "192.168.1.20"));

        var (_, register) = Assert.Single(edge.Sender.Requests(SipMethod.Register));
        var contact = Assert.Single(Values(register, HeaderId.Contact));
        Assert.DoesNotContain("192.168.", contact, StringComparison.Ordinal);
        Assert.StartsWith("<sip:carol@127.0.0.1:5060;bhreg=", contact, StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_SwitchWithoutPath_NoPathAndEveryContactPresentedAsTheEdges_CallToItReachesThePhone()
    {
        using var edge = Edge(RegistrationMode.Forward, pathAttribute: "0");
        var phone = new IPEndPoint(IPAddress.Loopback, 5099);
        edge.ReceiveUdp(phone, UdpRegister("carol", 5099, 1));

        var (toSwitch, register) = Assert.Single(edge.Sender.Requests(SipMethod.Register));
        Assert.Empty(Values(register, HeaderId.Path));
        var contact = Assert.Single(Values(register, HeaderId.Contact));
        Assert.StartsWith("<sip:carol@127.0.0.1:5060;bhreg=", contact, StringComparison.Ordinal);
        edge.ReceiveUdp(toSwitch.EndPoint, Reply(register, 200, "OK", $"Contact: {contact};expires=600"));
        Assert.Equal(["<sip:carol@127.0.0.1:5099>;expires=600"], Values(Assert.Single(edge.Sender.Responses(200)), HeaderId.Contact));

        edge.ReceiveUdp(toSwitch.EndPoint, SwitchInvite(Inner(contact), route: null, toSwitch.EndPoint.Port - 5070, "orig-4"));

        var (to, invite) = Assert.Single(edge.Sender.Requests(SipMethod.Invite));
        Assert.Equal(phone, to.EndPoint);
        Assert.Equal("sip:carol@127.0.0.1:5099", invite.Uri.ToString());
    }

    [Fact]
    public void Forward_EveryUserKeepsItsSwitch_AndUsersSpreadOverTheSet()
    {
        using var edge = Edge(RegistrationMode.Forward);
        var chosen = new Dictionary<string, IPEndPoint>();
        for (var round = 1; round <= 3; round++)
        {
            for (var u = 0; u < 30; u++)
            {
                edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 6000 + u), UdpRegister($"agent{u}", 6000 + u, round));
                var (to, _) = edge.Sender.Requests(SipMethod.Register)[^1];
                Assert.Equal(chosen.GetValueOrDefault($"agent{u}", to.EndPoint), to.EndPoint);
                chosen[$"agent{u}"] = to.EndPoint;
            }
        }

        Assert.Equal(3, chosen.Values.Distinct().Count());
    }

    [Fact]
    public void Forward_SwitchFailsWith503_TheNextSwitchInHashOrderTakesTheRegister()
    {
        using var edge = Edge(RegistrationMode.Forward);
        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 5099), UdpRegister("carol", 5099, 1));
        var (first, register) = Assert.Single(edge.Sender.Requests(SipMethod.Register));

        edge.ReceiveUdp(first.EndPoint, Reply(register, 503, "Service Unavailable"));

        var registers = edge.Sender.Requests(SipMethod.Register);
        Assert.Equal(2, registers.Count);
        Assert.NotEqual(first.EndPoint, registers[1].Destination.EndPoint);
        Assert.Empty(edge.Sender.Responses(503));
    }

    [Fact]
    public void Forward_NoSwitchAndNoDefaultRoute_503()
    {
        using var edge = Edge(RegistrationMode.Forward, switches: 0);
        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 5099), UdpRegister("carol", 5099, 1));

        Assert.Empty(edge.Sender.Requests(SipMethod.Register));
        Assert.Single(edge.Sender.Responses(503));
    }

    [Fact]
    public void Forward_NoSetLoaded_TheDefaultRouteTakesTheRegister()
    {
        using var edge = Edge(RegistrationMode.Forward, switches: 0, defaultRoute: "sip:127.0.0.1:5080");
        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 5099), UdpRegister("carol", 5099, 1));

        var (to, register) = Assert.Single(edge.Sender.Requests(SipMethod.Register));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5080), to.EndPoint);
        Assert.Single(Values(register, HeaderId.Path));
    }

    [Fact]
    public void Forward_MalformedExpires_TheEdgeAnswers400WithoutRelaying()
    {
        using var edge = Edge(RegistrationMode.Forward);
        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 5099), UdpRegister("carol", 5099, 1).Replace("Expires: 600", "Expires: soon", StringComparison.Ordinal));

        Assert.Empty(edge.Sender.Requests(SipMethod.Register));
        Assert.Single(edge.Sender.Responses(400));
    }

    /// <summary>Registers the browser through its switch (200 at once); returns the switch, the Path and the Contact it stored.</summary>
    internal static (IPEndPoint Switch, string Path, string Contact) RegisterThroughSwitch(FlowTestEdge edge, Bridgehead.Sip.Transport.Connections.SipConnection browser, int cseq = 1)
    {
        edge.Receive(browser, FlowTestEdge.JsSipRegister("bob", "q7ffqecp", "pfqdplc1m9l2", cseq, 600));
        var (toSwitch, register) = edge.Sender.Requests(SipMethod.Register)[^1];
        var path = Assert.Single(Values(register, HeaderId.Path));
        var contact = Assert.Single(Values(register, HeaderId.Contact));
        edge.ReceiveUdp(toSwitch.EndPoint, Reply(register, 200, "OK", $"Contact: <{Inner(contact)}>;expires=600"));
        Assert.Single(edge.Registrar.LiveBindings("bob"));
        return (toSwitch.EndPoint, path, contact);
    }
}
