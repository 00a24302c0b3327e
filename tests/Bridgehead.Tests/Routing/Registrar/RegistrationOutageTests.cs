using Bridgehead.Sip.Transport.Connections;

namespace Bridgehead.Tests.Routing.Registrar;

/// <summary>
/// The field outage behind the product: registrations lasted 180 s while the proxy closed idle
/// WebSocket connections after 120 s, so browsers were logged out every few minutes. Here the
/// same numbers run on a fake clock through the real connection table and registrar.
/// </summary>
public sealed class RegistrationOutageTests
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void Expiry180IdleTimeout120_BrowserRefreshingBeforeExpiry_StaysRegisteredForAShift()
    {
        using var edge = new FlowTestEdge(IdleTimeout);
        var browser = edge.OpenWebSocket(40001);
        var bystander = edge.OpenWebSocket(40002);
        var cseq = 1;
        edge.Receive(browser, FlowTestEdge.JsSipRegister("alice", "7pl4bco8", "pfqdplc1m9l2", cseq++, 180));

        // Eight hours; the browser sends nothing but its REGISTER refresh, every 170 s.
        var refreshed = edge.Time.GetUtcNow();
        for (var second = 1; second <= 8 * 3600; second += 10)
        {
            edge.Time.Advance(TimeSpan.FromSeconds(10));
            if (edge.Time.GetUtcNow() - refreshed >= TimeSpan.FromSeconds(170))
            {
                edge.Receive(browser, FlowTestEdge.JsSipRegister("alice", "7pl4bco8", "pfqdplc1m9l2", cseq++, 180));
                refreshed = edge.Time.GetUtcNow();
            }

            Assert.False(browser.IsClosed, $"the browser's connection closed after {second} s");
            Assert.Single(edge.Registrar.LiveBindings("alice"));
        }

        // The idle timeout itself works: the connection that never registered went at 120 s.
        Assert.Equal(SipConnectionCloseReason.IdleTimeout, bystander.CloseReason);
        Assert.Equal(cseq - 1, edge.Sender.Responses(200).Count);
    }

    [Fact]
    public async Task Expiry180IdleTimeout120_BrowserGoneSilent_ConnectionClosesWhenTheBindingExpiresAndTheBindingIsRemoved()
    {
        using var edge = new FlowTestEdge(IdleTimeout);
        var browser = edge.OpenWebSocket(40001);
        edge.Receive(browser, FlowTestEdge.JsSipRegister("alice", "7pl4bco8", "pfqdplc1m9l2", 1, 180));

        edge.Time.Advance(TimeSpan.FromSeconds(179));
        Assert.False(browser.IsClosed);
        edge.Time.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(edge.Removals);

        Assert.Equal(SipConnectionCloseReason.IdleTimeout, browser.CloseReason);
        Assert.Empty(edge.Registrar.Table.Lookup("alice"));
    }

    [Fact]
    public void IdleTimeout120_WithoutARegistration_ClosesAt120Seconds()
    {
        using var edge = new FlowTestEdge(IdleTimeout);
        var connection = edge.OpenWebSocket(40003);

        edge.Time.Advance(TimeSpan.FromSeconds(119));
        Assert.False(connection.IsClosed);
        edge.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(SipConnectionCloseReason.IdleTimeout, connection.CloseReason);
    }
}
