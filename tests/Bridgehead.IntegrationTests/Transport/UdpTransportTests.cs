using System.Net;
using System.Net.Sockets;
using Bridgehead.Sip;
using Bridgehead.Sip.Transport;

namespace Bridgehead.IntegrationTests.Transport;

public sealed class UdpTransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Udp_DatagramRoundTrip_DeliversDataAndRemoteAddressAndRepliesToIt(string loopback)
    {
        var ip = IPAddress.Parse(loopback);
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add(SipText.Listen("udp", ip)));
        var listener = host.Listener(SipTransportKind.Udp);
        Assert.NotEqual(0, listener.LocalEndPoint.Port);
        using var client = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(ip, 0));
        var request = SipText.Message("OPTIONS", transport: "UDP");

        await client.SendToAsync(request, listener.LocalEndPoint, Ct);
        var received = await host.Handler.NextAsync();

        Assert.Equal(request, received.Data);
        Assert.Equal(client.LocalEndPoint, received.RemoteEndPoint);
        Assert.Equal(0, received.ConnectionId);
        Assert.Same(listener, received.Listener);
        Assert.Equal(SipTransportKind.Udp, received.Transport);

        var response = SipText.Message("OPTIONS", "reply", "UDP");
        var result = await host.Transport.SendAsync(response, new SipSendTarget(SipTransportKind.Udp, received.RemoteEndPoint), Ct);
        Assert.Equal(SipSendResult.Sent, result);
        var buffer = new byte[2048];
        var got = await client.ReceiveFromAsync(buffer, new IPEndPoint(ip, 0), Ct).AsTask().WaitAsync(TransportHost.Patience, Ct);
        Assert.Equal(response, buffer[..got.ReceivedBytes]);
        Assert.Equal(listener.LocalEndPoint, got.RemoteEndPoint);
    }

    [Fact]
    public async Task Udp_OversizeDatagram_IsDroppedWithALogLineAndTheLoopGoesOn()
    {
        await using var host = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("udp:127.0.0.1:0");
            o.MaxMessageSize = 2048;
        });
        var listener = host.Listener(SipTransportKind.Udp);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        await client.SendToAsync(SipText.Message("MESSAGE", new string('x', 4000), "UDP"), listener.LocalEndPoint);
        var small = SipText.Message("OPTIONS", transport: "UDP");
        await client.SendToAsync(small, listener.LocalEndPoint);

        Assert.Equal(small, (await host.Handler.NextAsync()).Data);
        Assert.False(host.Handler.TryNext(out _));
        Assert.Contains(host.Logs.Lines, l => l.Contains("dropped a", StringComparison.Ordinal) && l.Contains(client.LocalEndPoint!.ToString()!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Udp_CrlfKeepAliveAndIcmpErrors_DoNotReachTheHandlerNorStopTheLoop()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("udp:127.0.0.1:0"));
        var listener = host.Listener(SipTransportKind.Udp);

        // A send to a closed port draws an ICMP port-unreachable back to the listener's socket.
        using (var closed = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var deadEnd = (IPEndPoint)closed.LocalEndPoint!;
            closed.Close();
            Assert.Equal(SipSendResult.Sent, await host.Transport.SendAsync(SipText.Message("OPTIONS"), new SipSendTarget(SipTransportKind.Udp, deadEnd), Ct));
        }

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendToAsync("\r\n\r\n"u8.ToArray(), listener.LocalEndPoint);
        var request = SipText.Message("OPTIONS", transport: "UDP");
        await client.SendToAsync(request, listener.LocalEndPoint, Ct);

        Assert.Equal(request, (await host.Handler.NextAsync()).Data);
    }

    [Fact]
    public async Task Send_NoListenerOfTheFamilyOrTransport_IsNoSuitableListener()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("udp:127.0.0.1:0"));
        var message = SipText.Message("OPTIONS");

        var toIpv6 = await host.Transport.SendAsync(message, new SipSendTarget(SipTransportKind.Udp, new IPEndPoint(IPAddress.IPv6Loopback, 5060)), Ct);
        var overTcp = await host.Transport.SendAsync(message, new SipSendTarget(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, 5060)), Ct);

        Assert.Equal(SipSendResult.NoSuitableListener, toIpv6);
        Assert.Equal(SipSendResult.NoSuitableListener, overTcp);
    }

    [Fact]
    public async Task Send_LargerThanTheLimit_IsMessageTooLarge()
    {
        await using var host = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("udp:127.0.0.1:0");
            o.MaxMessageSize = 1024;
        });

        var result = await host.Transport.SendAsync(new byte[1025], new SipSendTarget(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5060)), Ct);

        Assert.Equal(SipSendResult.MessageTooLarge, result);
    }
}
