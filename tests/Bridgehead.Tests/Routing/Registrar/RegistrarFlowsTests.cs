using Bridgehead.Sip;
using Bridgehead.Sip.Transport.Connections;

namespace Bridgehead.Tests.Routing.Registrar;

/// <summary>Bindings follow their connection: routed over it, unreachable (480) when it closes, then removed; a re-REGISTER elsewhere takes over.</summary>
public sealed class RegistrarFlowsTests
{
    [Fact]
    public void Register_OverWebSocket_BindsTheContactToThatConnectionAndRequestsGoOverIt()
    {
        using var edge = new FlowTestEdge(TimeSpan.FromSeconds(120));
        var browser = edge.OpenWebSocket(40001);

        edge.Receive(browser, FlowTestEdge.JsSipRegister("alice", "7pl4bco8", "pfqdplc1m9l2", 1, 600));
        edge.ReceiveUdp(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5090), FlowTestEdge.Invite("alice", "inv1"));

        Assert.Single(edge.Sender.Responses(200));
        var binding = Assert.Single(edge.Registrar.LiveBindings("alice"));
        Assert.Equal(browser.Id, binding.ConnectionId);
        Assert.Equal(SipTransportKind.Ws, binding.Transport);
        Assert.Equal("127.0.0.1:40001", binding.Source);
        var (destination, invite) = Assert.Single(edge.Sender.Requests(SipMethod.Invite));
        Assert.Equal(browser.Id, destination.ConnectionId);
        Assert.Equal(SipTransportKind.Ws, destination.Transport);
        Assert.Equal("sip:7pl4bco8@pfqdplc1m9l2.invalid;transport=ws", invite.Uri.ToString());
        Assert.True(browser.LeaseUntil >= edge.Time.GetUtcNow().AddSeconds(600));
    }

    [Fact]
    public async Task ConnectionClose_MakesTheBindingUnreachableAt480ThenRemovesIt()
    {
        using var edge = new FlowTestEdge(TimeSpan.FromSeconds(120));
        var browser = edge.OpenWebSocket(40001);
        edge.Receive(browser, FlowTestEdge.JsSipRegister("alice", "7pl4bco8", "pfqdplc1m9l2", 1, 600));
        Assert.Equal(1, edge.Registrar.FlowCount);
        edge.Store.Gate = new TaskCompletionSource();

        // Closed, and the removal not yet durable: the binding is still in the table but not routed to.
        edge.CloseByPeer(browser);
        edge.ReceiveUdp(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5090), FlowTestEdge.Invite("alice", "inv2"));
        Assert.Single(edge.Registrar.Table.Lookup("alice"));
        Assert.Single(edge.Sender.Responses(480));
        Assert.Empty(edge.Sender.Requests(SipMethod.Invite));

        edge.Store.Gate.SetResult();
        await Task.WhenAll(edge.Removals);

        Assert.Empty(edge.Registrar.Table.Lookup("alice"));
        Assert.Empty(await edge.Store.LoadAsync(edge.Time.GetUtcNow(), TestContext.Current.CancellationToken));
        Assert.Equal(0, edge.Registrar.FlowCount);
    }

    [Fact]
    public async Task ConnectionClose_OfAnAgentWhoIsASubscriber_Stays480AfterRemoval()
    {
        using var edge = new FlowTestEdge(TimeSpan.FromSeconds(120));
        edge.AddSubscriber("alice");
        var browser = edge.OpenWebSocket(40001);
        edge.Receive(browser, FlowTestEdge.JsSipRegister("alice", "7pl4bco8", "pfqdplc1m9l2", 1, 600));

        edge.CloseByPeer(browser);
        await Task.WhenAll(edge.Removals);
        edge.ReceiveUdp(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5090), FlowTestEdge.Invite("alice", "inv5"));

        Assert.Empty(edge.Registrar.Table.Lookup("alice"));
        Assert.Single(edge.Sender.Responses(480));
    }

    [Fact]
    public async Task ReRegisterOnANewConnection_TakesOverAndTheOldConnectionsCloseLeavesItAlone()
    {
        using var edge = new FlowTestEdge(TimeSpan.FromSeconds(120));
        var first = edge.OpenWebSocket(40001);
        edge.Receive(first, FlowTestEdge.JsSipRegister("alice", "7pl4bco8", "pfqdplc1m9l2", 1, 600));

        // The browser reconnected (new socket, new Contact host) with the same +sip.instance and reg-id.
        var second = edge.OpenWebSocket(40002);
        edge.Receive(second, FlowTestEdge.JsSipRegister("alice", "x9k2m4p1", "q8zz0c3k", 2, 600, callId: "fresh-call-id"));
        edge.CloseByPeer(first);
        await Task.WhenAll(edge.Removals);
        edge.ReceiveUdp(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5090), FlowTestEdge.Invite("alice", "inv3"));

        var binding = Assert.Single(edge.Registrar.LiveBindings("alice"));
        Assert.Equal(second.Id, binding.ConnectionId);
        Assert.Equal("sip:x9k2m4p1@q8zz0c3k.invalid;transport=ws", binding.ContactUri);
        Assert.Equal(second.Id, Assert.Single(edge.Sender.Requests(SipMethod.Invite)).Destination.ConnectionId);
    }

    [Fact]
    public void BindingLoadedFromAnEarlierRun_IsNotReachedOverAConnectionOfThisRun()
    {
        using var edge = new FlowTestEdge(TimeSpan.FromSeconds(120));
        var now = edge.Time.GetUtcNow();
        edge.Registrar.Table.Load(
        [
            new Bridgehead.Storage.Location.BindingRecord
            {
                Aor = "alice", ContactUri = "sip:old@old.invalid;transport=ws", ExpiresAt = now.AddMinutes(5), CallId = "c", CSeq = 1,
                Transport = SipTransportKind.Ws, Source = "127.0.0.1:40009", LocalListener = "ws:127.0.0.1:8080", ConnectionId = 1, UpdatedAt = now,
            },
        ]);
        var stranger = edge.OpenWebSocket(40001);
        Assert.Equal(1, stranger.Id);

        edge.ReceiveUdp(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5090), FlowTestEdge.Invite("alice", "inv4"));

        Assert.Single(edge.Sender.Responses(480));
        Assert.Empty(edge.Sender.Requests(SipMethod.Invite));
    }

    [Fact]
    public async Task UnRegister_OnPageClose_RemovesTheBindingAndTheCloseAfterwardsFindsNothing()
    {
        using var edge = new FlowTestEdge(TimeSpan.FromSeconds(120));
        var browser = edge.OpenWebSocket(40001);
        edge.Receive(browser, FlowTestEdge.JsSipRegister("alice", "7pl4bco8", "pfqdplc1m9l2", 1, 600));

        edge.Receive(browser, FlowTestEdge.JsSipRegister("alice", "7pl4bco8", "pfqdplc1m9l2", 2, 0));
        edge.CloseByPeer(browser);
        await Task.WhenAll(edge.Removals);

        Assert.Empty(edge.Registrar.Table.Lookup("alice"));
        Assert.Equal(SipConnectionCloseReason.RemoteClosed, browser.CloseReason);
    }
}
