using System.Net;
using System.Net.Sockets;
using Bridgehead.Sip;
using Bridgehead.Sip.Transport;
using Bridgehead.Sip.Transport.Connections;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.IntegrationTests.Transport;

/// <summary>Idle timeout, leases, the incomplete-message timeout and the connection limit, on real sockets with a fake clock.</summary>
public sealed class ConnectionLifetimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IdleTimeout_ClosesConnectionsWithoutALeaseAndKeepsLeasedOnesUntilTheLeaseEnds()
    {
        var time = new FakeTimeProvider();
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"), time);
        var endPoint = host.Listener(SipTransportKind.Tcp).LocalEndPoint;
        using var plain = await SipText.ConnectAsync(endPoint);
        using var registered = await SipText.ConnectAsync(endPoint);
        await plain.SendAsync(SipText.Message("OPTIONS"), Ct);
        var plainId = (await host.Handler.NextAsync()).ConnectionId;
        await registered.SendAsync(SipText.Message("REGISTER"), Ct);
        var registeredId = (await host.Handler.NextAsync()).ConnectionId;

        // The registrar saved a binding for 600 s on the second connection.
        Assert.True(host.Transport.Connections.ExtendLease(registeredId, time.GetUtcNow().AddSeconds(600)));
        Assert.True(host.Transport.Connections.ExtendLease(registeredId, time.GetUtcNow().AddSeconds(60)));

        time.Advance(TimeSpan.FromSeconds(299));
        Assert.False(host.Observer.TryNextClosed(out _));
        time.Advance(TimeSpan.FromSeconds(2));
        var (first, firstReason) = await host.Observer.NextClosedAsync();
        Assert.Equal(plainId, first.Id);
        Assert.Equal(SipConnectionCloseReason.IdleTimeout, firstReason);
        Assert.True(await SipText.ClosedByPeerAsync(plain));
        Assert.True(host.Transport.Connections.TryGet(registeredId, out var leased));
        Assert.Equal(time.GetUtcNow().AddSeconds(299), leased.LeaseUntil);

        time.Advance(TimeSpan.FromSeconds(298));
        Assert.False(host.Observer.TryNextClosed(out _));
        time.Advance(TimeSpan.FromSeconds(2));
        var (second, secondReason) = await host.Observer.NextClosedAsync();
        Assert.Equal(registeredId, second.Id);
        Assert.Equal(SipConnectionCloseReason.IdleTimeout, secondReason);
        Assert.False(host.Transport.Connections.ExtendLease(registeredId, time.GetUtcNow().AddSeconds(600)));
    }

    [Fact]
    public async Task IdleTimeout_TrafficResetsTheClock()
    {
        var time = new FakeTimeProvider();
        await using var host = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("tcp:127.0.0.1:0");
            o.IdleTimeout = TimeSpan.FromSeconds(120);
        }, time);
        using var client = await SipText.ConnectAsync(host.Listener(SipTransportKind.Tcp).LocalEndPoint);
        await client.SendAsync(SipText.Message("OPTIONS"), Ct);
        var id = (await host.Handler.NextAsync()).ConnectionId;

        time.Advance(TimeSpan.FromSeconds(100));
        await client.SendAsync(SipText.Message("OPTIONS"), Ct);
        await host.Handler.NextAsync();
        time.Advance(TimeSpan.FromSeconds(100));

        Assert.True(host.Transport.Connections.TryGet(id, out _));
        time.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(SipConnectionCloseReason.IdleTimeout, (await host.Observer.NextClosedAsync()).Reason);
    }

    [Fact]
    public async Task IncompleteMessageTimeout_HalfSentHeadersCloseTheConnection()
    {
        var time = new FakeTimeProvider();
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"), time);
        using var client = await SipText.ConnectAsync(host.Listener(SipTransportKind.Tcp).LocalEndPoint);
        await client.SendAsync(SipText.Message("OPTIONS"), Ct);
        var id = (await host.Handler.NextAsync()).ConnectionId;
        Assert.True(host.Transport.Connections.TryGet(id, out var connection));

        // A complete message leaves nothing pending: 11 s pass without a close.
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.False(host.Observer.TryNextClosed(out _));

        var half = SipText.Message("INVITE", "v=0");
        await client.SendAsync(half.AsMemory(0, 40), Ct);
        await WaitForActivityAsync(connection, time.GetUtcNow());
        (SipConnection Connection, SipConnectionCloseReason Reason) closed = default;
        for (var i = 0; i < 20 && closed.Connection is null; i++)
        {
            time.Advance(TimeSpan.FromSeconds(11));
            await Task.Delay(20, Ct);
            host.Observer.TryNextClosed(out closed);
        }

        Assert.NotNull(closed.Connection);
        Assert.Equal(id, closed.Connection.Id);
        Assert.Equal(SipConnectionCloseReason.IncompleteMessageTimeout, closed.Reason);
        Assert.True(await SipText.ClosedByPeerAsync(client));
        Assert.Contains(host.Logs.Lines, l => l.Contains("left a message unfinished", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MaxConnections_ConnectionsBeyondTheLimitAreRefused()
    {
        await using var host = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("tcp:127.0.0.1:0");
            o.MaxConnections = 2;
        });
        var endPoint = host.Listener(SipTransportKind.Tcp).LocalEndPoint;
        using var a = await SipText.ConnectAsync(endPoint);
        using var b = await SipText.ConnectAsync(endPoint);
        await host.Observer.NextOpenedAsync();
        await host.Observer.NextOpenedAsync();

        using var c = await SipText.ConnectAsync(endPoint);

        Assert.True(await SipText.ClosedByPeerAsync(c));
        Assert.Equal(2, host.Transport.Connections.Count);
        Assert.Contains(host.Logs.Lines, l => l.Contains("Refused a Tcp connection from " + c.LocalEndPoint, StringComparison.Ordinal));
        await a.SendAsync(SipText.Message("OPTIONS"), Ct);
        Assert.NotEqual(0, (await host.Handler.NextAsync()).ConnectionId);
    }

    [Fact]
    public async Task MaxConnections_OutboundBeyondTheLimitIsConnectionLimitReached()
    {
        await using var server = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("tcp:127.0.0.1:0");
            o.Listen.Add("tcp:127.0.0.1:0");
        });
        await using var client = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("tcp:127.0.0.1:0");
            o.MaxConnections = 1;
        });
        var message = SipText.Message("OPTIONS");

        var first = await client.Transport.SendAsync(message, new SipSendTarget(SipTransportKind.Tcp, server.Transport.Listeners[0].LocalEndPoint), Ct);
        var second = await client.Transport.SendAsync(message, new SipSendTarget(SipTransportKind.Tcp, server.Transport.Listeners[1].LocalEndPoint), Ct);

        Assert.Equal(SipSendResult.Sent, first);
        Assert.Equal(SipSendResult.ConnectionLimitReached, second);
    }

    // The reader marks activity (at the fake clock's now) as soon as it has the octets.
    private static async Task WaitForActivityAsync(SipConnection connection, DateTimeOffset now)
    {
        for (var i = 0; i < 500 && connection.LastActivity < now; i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.Equal(now, connection.LastActivity);
    }
}
