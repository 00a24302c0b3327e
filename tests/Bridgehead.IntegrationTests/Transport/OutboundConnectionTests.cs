using System.Net;
using System.Net.Sockets;
using Bridgehead.Sip;
using Bridgehead.Sip.Transport;

namespace Bridgehead.IntegrationTests.Transport;

public sealed class OutboundConnectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("tcp", "127.0.0.1")]
    [InlineData("tcp", "::1")]
    [InlineData("tls", "127.0.0.1")]
    [InlineData("tls", "::1")]
    public async Task SendAsync_NoConnectionYet_OpensOneAndReusesIt(string scheme, string loopback)
    {
        var ip = IPAddress.Parse(loopback);
        var transport = scheme == "tls" ? SipTransportKind.Tls : SipTransportKind.Tcp;
        await using var server = await TransportHost.StartAsync(o => o.Listen.Add(SipText.Listen(scheme, ip)));
        await using var client = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add(SipText.Listen(scheme, ip));

            // Full validation (chain and IP SAN) against the server's published certificate.
            if (transport == SipTransportKind.Tls)
            {
                o.Tls.TrustedCertificatePaths.Add(TestCertificate.PemPath);
            }
        });
        var destination = server.Listener(transport).LocalEndPoint;
        var first = SipText.Message("INVITE", "first");
        var second = SipText.Message("INVITE", "second");

        var firstResult = await client.Transport.SendAsync(first, new SipSendTarget(transport, destination), Ct);
        var secondResult = await client.Transport.SendAsync(second, new SipSendTarget(transport, destination), Ct);

        Assert.Equal(SipSendResult.Sent, firstResult);
        Assert.Equal(SipSendResult.Sent, secondResult);
        var a = await server.Handler.NextAsync();
        var b = await server.Handler.NextAsync();
        Assert.Equal(first, a.Data);
        Assert.Equal(second, b.Data);
        Assert.Equal(a.ConnectionId, b.ConnectionId);
        Assert.Equal(1, client.Transport.Connections.Count);
        var outbound = Assert.Single(client.Transport.Connections.GetAll());
        Assert.True(outbound.IsOutbound);
        Assert.Equal(destination, outbound.RemoteEndPoint);
        Assert.Equal(outbound.LocalEndPoint, a.RemoteEndPoint);

        // The server answers on the connection by id; the client hears it on its outbound connection.
        var response = SipText.Message("RESPONSE", "200");
        Assert.Equal(SipSendResult.Sent, server.Transport.SendOnConnection(response, a.ConnectionId));
        var heard = await client.Handler.NextAsync();
        Assert.Equal(response, heard.Data);
        Assert.Equal(outbound.Id, heard.ConnectionId);
    }

    [Fact]
    public async Task TrySend_NoConnectionYet_SaysNeedsConnectionAndThenSendsOnceOneIsOpen()
    {
        await using var server = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"));
        await using var client = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"));
        var target = new SipSendTarget(SipTransportKind.Tcp, server.Listener(SipTransportKind.Tcp).LocalEndPoint);

        var before = client.Transport.TrySend(SipText.Message("OPTIONS"), target);
        var opened = await client.Transport.SendAsync(SipText.Message("OPTIONS"), target, Ct);
        var after = client.Transport.TrySend(SipText.Message("OPTIONS"), target);

        Assert.Equal(SipSendResult.NeedsConnection, before);
        Assert.Equal(SipSendResult.Sent, opened);
        Assert.Equal(SipSendResult.Sent, after);
        Assert.Equal((await server.Handler.NextAsync()).ConnectionId, (await server.Handler.NextAsync()).ConnectionId);
    }

    [Fact]
    public async Task SendAsync_ConcurrentSendsToANewDestination_ShareOneConnection()
    {
        await using var server = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"));
        await using var client = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"));
        var target = new SipSendTarget(SipTransportKind.Tcp, server.Listener(SipTransportKind.Tcp).LocalEndPoint);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.Transport.SendAsync(SipText.Message("MESSAGE", $"n{i}"), target, Ct).AsTask()));

        Assert.All(results, r => Assert.Equal(SipSendResult.Sent, r));
        var ids = new HashSet<long>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add((await server.Handler.NextAsync()).ConnectionId);
        }

        Assert.Single(ids);
        Assert.Equal(1, client.Transport.Connections.Count);
    }

    [Fact]
    public async Task SendAsync_PreferredConnectionGone_FallsBackToANewConnection()
    {
        await using var server = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"));
        await using var client = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"));
        var destination = server.Listener(SipTransportKind.Tcp).LocalEndPoint;
        Assert.Equal(SipSendResult.Sent, await client.Transport.SendAsync(SipText.Message("OPTIONS"), new SipSendTarget(SipTransportKind.Tcp, destination), Ct));
        var firstId = (await server.Handler.NextAsync()).ConnectionId;
        var clientSide = Assert.Single(client.Transport.Connections.GetAll());

        Assert.True(client.Transport.Connections.Close(clientSide.Id));
        await client.Observer.NextClosedAsync();
        var result = await client.Transport.SendAsync(SipText.Message("OPTIONS"), new SipSendTarget(SipTransportKind.Tcp, destination) { ConnectionId = clientSide.Id }, Ct);

        Assert.Equal(SipSendResult.Sent, result);
        Assert.NotEqual(firstId, (await server.Handler.NextAsync()).ConnectionId);
    }

    [Fact]
    public async Task SendAsync_NothingListening_IsConnectFailed()
    {
        await using var client = await TransportHost.StartAsync(o => o.Listen.Add("tcp:127.0.0.1:0"));
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var closedPort = (IPEndPoint)probe.LocalEndPoint!;
        probe.Close();

        var result = await client.Transport.SendAsync(SipText.Message("OPTIONS"), new SipSendTarget(SipTransportKind.Tcp, closedPort), Ct);

        Assert.Equal(SipSendResult.ConnectFailed, result);
        Assert.Equal(0, client.Transport.Connections.Count);
    }

    [Fact]
    public async Task SendAsync_TlsPeerWithAnUntrustedCertificate_IsConnectFailed()
    {
        await using var server = await TransportHost.StartAsync(o => o.Listen.Add("tls:127.0.0.1:0"));
        await using var client = await TransportHost.StartAsync(o => o.Listen.Add("tls:127.0.0.1:0"));

        var result = await client.Transport.SendAsync(SipText.Message("OPTIONS"), new SipSendTarget(SipTransportKind.Tls, server.Listener(SipTransportKind.Tls).LocalEndPoint), Ct);

        Assert.Equal(SipSendResult.ConnectFailed, result);
        Assert.False(server.Handler.TryNext(out _));
    }

    [Fact]
    public async Task SendAsync_TlsNameMismatchWithChainOnly_IsAccepted()
    {
        await using var server = await TransportHost.StartAsync(o => o.Listen.Add("tls:127.0.0.1:0"));
        await using var client = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("tls:127.0.0.1:0");
            o.Tls.PeerValidation = SipTlsPeerValidation.ChainOnly;
            o.Tls.TrustedCertificatePaths.Add(TestCertificate.PemPath);
        });
        var target = new SipSendTarget(SipTransportKind.Tls, server.Listener(SipTransportKind.Tls).LocalEndPoint) { TlsServerName = "switch.example.net" };

        var result = await client.Transport.SendAsync(SipText.Message("OPTIONS"), target, Ct);

        Assert.Equal(SipSendResult.Sent, result);
        await server.Handler.NextAsync();
    }

    [Fact]
    public async Task SendAsync_TlsNameMismatchWithFullValidation_IsConnectFailed()
    {
        await using var server = await TransportHost.StartAsync(o => o.Listen.Add("tls:127.0.0.1:0"));
        await using var client = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("tls:127.0.0.1:0");
            o.Tls.TrustedCertificatePaths.Add(TestCertificate.PemPath);
        });
        var target = new SipSendTarget(SipTransportKind.Tls, server.Listener(SipTransportKind.Tls).LocalEndPoint) { TlsServerName = "switch.example.net" };

        var result = await client.Transport.SendAsync(SipText.Message("OPTIONS"), target, Ct);

        Assert.Equal(SipSendResult.ConnectFailed, result);
    }
}
