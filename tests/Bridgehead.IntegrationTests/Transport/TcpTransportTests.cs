using System.Net;
using System.Net.Sockets;
using Bridgehead.Sip;
using Bridgehead.Sip.Transport;
using Bridgehead.Sip.Transport.Connections;

namespace Bridgehead.IntegrationTests.Transport;

public sealed class TcpTransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Tcp_MessagesWrittenInOddPieces_ArriveWholeWithTheConnection(string loopback)
    {
        var ip = IPAddress.Parse(loopback);
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add(SipText.Listen("tcp", ip)));
        var listener = host.Listener(SipTransportKind.Tcp);
        Assert.NotEqual(0, listener.LocalEndPoint.Port);
        using var client = await SipText.ConnectAsync(listener.LocalEndPoint);
        var first = SipText.Message("INVITE", "v=0\r\n\r\no=- 1 1 IN IP4 192.0.2.1\r\n");
        var second = SipText.Message("BYE");
        var stream = first.Concat("\r\n"u8.ToArray()).Concat(second).ToArray();

        foreach (var (start, end) in new[] { (0, 7), (7, 60), (60, first.Length - 3), (first.Length - 3, first.Length + 5), (first.Length + 5, stream.Length) })
        {
            await client.SendAsync(stream.AsMemory(start, end - start), Ct);
        }

        var a = await host.Handler.NextAsync();
        var b = await host.Handler.NextAsync();
        Assert.Equal(first, a.Data);
        Assert.Equal(second, b.Data);
        Assert.NotEqual(0, a.ConnectionId);
        Assert.Equal(a.ConnectionId, b.ConnectionId);
        Assert.Equal(client.LocalEndPoint, a.RemoteEndPoint);
        Assert.True(host.Transport.Connections.TryGet(a.ConnectionId, out var connection));
        Assert.Equal(SipTransportKind.Tcp, connection.Transport);
        Assert.Same(listener, connection.Listener);
        Assert.False(connection.IsOutbound);
    }

    [Fact]
    public async Task Tcp_DoubleCrlfPing_IsAnsweredWithCrlf()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"));
        using var client = await SipText.ConnectAsync(host.Listener(SipTransportKind.Tcp).LocalEndPoint);
        await using var stream = new NetworkStream(client);

        await stream.WriteAsync("\r\n\r\n"u8.ToArray(), Ct);

        Assert.Equal("\r\n"u8.ToArray(), await SipText.ReadExactlyAsync(stream, 2));
    }

    [Fact]
    public async Task SendOnConnection_ResponseById_GoesBackOnTheSameConnection()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"));
        using var client = await SipText.ConnectAsync(host.Listener(SipTransportKind.Tcp).LocalEndPoint);
        await using var stream = new NetworkStream(client);
        await stream.WriteAsync(SipText.Message("OPTIONS"), Ct);
        var request = await host.Handler.NextAsync();
        var response = SipText.Message("RESPONSE", "200 OK body");

        var result = host.Transport.SendOnConnection(response, request.ConnectionId);

        Assert.Equal(SipSendResult.Sent, result);
        Assert.Equal(response, await SipText.ReadExactlyAsync(stream, response.Length));
    }

    [Fact]
    public async Task SendAsync_ToTheRemoteOfAnInboundConnection_ReusesIt()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"));
        using var client = await SipText.ConnectAsync(host.Listener(SipTransportKind.Tcp).LocalEndPoint);
        await using var stream = new NetworkStream(client);
        await stream.WriteAsync(SipText.Message("REGISTER"), Ct);
        var register = await host.Handler.NextAsync();
        var request = SipText.Message("INVITE");

        var result = await host.Transport.SendAsync(request, new SipSendTarget(SipTransportKind.Tcp, register.RemoteEndPoint), Ct);

        Assert.Equal(SipSendResult.Sent, result);
        Assert.Equal(request, await SipText.ReadExactlyAsync(stream, request.Length));
        Assert.Equal(1, host.Transport.Connections.Count);
    }

    [Fact]
    public async Task Tcp_PeerCloses_ObserversHearOpenedThenClosedWithTheReason()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"));
        var client = await SipText.ConnectAsync(host.Listener(SipTransportKind.Tcp).LocalEndPoint);
        var clientEndPoint = (IPEndPoint)client.LocalEndPoint!;

        var opened = await host.Observer.NextOpenedAsync();
        client.Dispose();
        var (closed, reason) = await host.Observer.NextClosedAsync();

        Assert.Equal(clientEndPoint, opened.RemoteEndPoint);
        Assert.Same(opened, closed);
        Assert.Equal(SipConnectionCloseReason.RemoteClosed, reason);
        Assert.True(closed.IsClosed);
        Assert.False(host.Transport.Connections.TryGet(closed.Id, out _));
        Assert.Equal(SipSendResult.ConnectionClosed, host.Transport.SendOnConnection(SipText.Message("BYE"), closed.Id));
    }

    [Fact]
    public async Task Tcp_OversizeMessage_ClosesTheConnectionWithALogLine()
    {
        await using var host = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("tcp:127.0.0.1:0");
            o.MaxMessageSize = 2048;
        });
        using var client = await SipText.ConnectAsync(host.Listener(SipTransportKind.Tcp).LocalEndPoint);

        await client.SendAsync(SipText.Message("MESSAGE", new string('x', 3000)), Ct);

        var (connection, reason) = await host.Observer.NextClosedAsync();
        Assert.Equal(SipConnectionCloseReason.MessageTooLarge, reason);
        Assert.True(await SipText.ClosedByPeerAsync(client));
        Assert.False(host.Handler.TryNext(out _));
        Assert.Contains(host.Logs.Lines, l => l.Contains("larger than 2048", StringComparison.Ordinal) && l.Contains(connection.RemoteEndPoint.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Content-Length: -999")]
    [InlineData("Content-Length: 13\r\nContent-Length: 5")]
    [InlineData("Content-Length: many")]
    public async Task Tcp_BadContentLength_ClosesTheConnection(string header)
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"));
        using var client = await SipText.ConnectAsync(host.Listener(SipTransportKind.Tcp).LocalEndPoint);

        await client.SendAsync(System.Text.Encoding.ASCII.GetBytes($"INVITE sip:a@b SIP/2.0\r\n{header}\r\n\r\nbody"));

        var (_, reason) = await host.Observer.NextClosedAsync();
        Assert.Equal(SipConnectionCloseReason.BadContentLength, reason);
        Assert.True(await SipText.ClosedByPeerAsync(client));
        Assert.Contains(host.Logs.Lines, l => l.Contains("cannot be framed", StringComparison.Ordinal));
    }
}
