using System.Net;
using System.Net.Sockets;
using Bridgehead.Sip;
using Bridgehead.Sip.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridgehead.IntegrationTests.Transport;

/// <summary>The transport in a plain generic host (no web server), with a handler that itself sends through the transport.</summary>
public sealed class GenericHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenericHost_HandlerThatSendsThroughTheTransport_EchoesDatagrams()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ISipMessageHandler, EchoHandler>();
        builder.Services.AddSipTransport(o => o.Listen.Add("udp:127.0.0.1:0 as 192.0.2.10:5060"));
        using var host = builder.Build();
        await host.StartAsync(Ct).WaitAsync(TransportHost.Patience, Ct);
        var listener = host.Services.GetRequiredService<ISipTransport>().Listeners[0];
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var request = SipText.Message("OPTIONS", transport: "UDP");

        await client.SendToAsync(request, listener.LocalEndPoint, Ct);
        var buffer = new byte[4096];
        var echo = await client.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), Ct).AsTask().WaitAsync(TransportHost.Patience, Ct);

        Assert.Equal(request, buffer[..echo.ReceivedBytes]);
        Assert.Equal("192.0.2.10", listener.AdvertisedHost);
        Assert.Equal(5060, listener.AdvertisedPort);
        Assert.NotEqual(0, listener.LocalEndPoint.Port);
        await host.StopAsync(Ct).WaitAsync(TransportHost.Patience, Ct);
    }

    private sealed class EchoHandler(ISipTransport transport) : ISipMessageHandler
    {
        public void OnMessage(in SipInboundMessage message)
        {
            var sent = transport.TrySend(message.Data, new SipSendTarget(SipTransportKind.Udp, message.RemoteEndPoint) { Listener = message.Listener });
            Assert.Equal(SipSendResult.Sent, sent);
        }
    }
}
