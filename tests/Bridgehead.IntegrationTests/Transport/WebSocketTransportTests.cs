using System.Net;
using System.Net.WebSockets;
using System.Text;
using Bridgehead.Sip;
using Bridgehead.Sip.Transport;
using Bridgehead.Sip.Transport.Connections;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.IntegrationTests.Transport;

/// <summary>SIP over WebSocket (RFC 7118) on real sockets: a conforming client (ClientWebSocket) and a raw one for what conforming clients never send.</summary>
public sealed class WebSocketTransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task ClientWebSocket_RegisterInATextFrame_ArrivesWithItsConnectionAndTheAnswerComesBackAsText(string scheme)
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add($"{scheme}:127.0.0.1:0"));
        var kind = scheme == "ws" ? SipTransportKind.Ws : SipTransportKind.Wss;
        using var client = await ConnectAsync(host, kind);
        Assert.Equal("sip", client.SubProtocol);
        var register = SipText.Message("REGISTER", transport: scheme.ToUpperInvariant());

        await client.SendAsync(register, WebSocketMessageType.Text, endOfMessage: true, Ct);
        var inbound = await host.Handler.NextAsync();

        Assert.Equal(register, inbound.Data);
        Assert.Equal(kind, inbound.Transport);
        Assert.True(host.Transport.Connections.TryGet(inbound.ConnectionId, out var connection));
        Assert.Equal(kind, connection.Transport);
        Assert.Equal(inbound.RemoteEndPoint, connection.RemoteEndPoint);
        var opened = await host.Observer.NextOpenedAsync();
        Assert.Equal(connection.Id, opened.Id);

        var answer = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
        Assert.Equal(SipSendResult.Sent, host.Transport.SendOnConnection(answer, inbound.ConnectionId));
        var (type, payload) = await ReceiveAsync(client);
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal(answer, payload);
    }

    [Fact]
    public async Task ClientWebSocket_BinaryFrameAndMessageSplitIntoFragments_ArriveAsOneMessageEach()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("ws:127.0.0.1:0"));
        using var client = await ConnectAsync(host, SipTransportKind.Ws);
        var options = SipText.Message("OPTIONS", transport: "WS");
        var invite = SipText.Message("INVITE", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n", "WS");

        await client.SendAsync(options, WebSocketMessageType.Binary, true, Ct);
        await client.SendAsync(invite.AsMemory(0, 20), WebSocketMessageType.Text, false, Ct);
        await client.SendAsync(invite.AsMemory(20, 30), WebSocketMessageType.Text, false, Ct);
        await client.SendAsync(invite.AsMemory(50), WebSocketMessageType.Text, true, Ct);

        Assert.Equal(options, (await host.Handler.NextAsync()).Data);
        Assert.Equal(invite, (await host.Handler.NextAsync()).Data);
    }

    [Fact]
    public async Task Handshake_WithoutTheSipSubprotocol_IsRefusedWith400NamingIt()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("ws:127.0.0.1:0"));
        await using var raw = await RawWebSocket.ConnectAsync(host.Listener(SipTransportKind.Ws).LocalEndPoint);

        var head = await raw.HandshakeAsync(RawWebSocket.Request(protocol: "chat, superchat"));

        Assert.Equal(400, RawWebSocket.Status(head));
        Assert.True(await raw.ClosedByPeerAsync());
        Assert.False(host.Handler.TryNext(out _));
        Assert.Equal(0, host.Transport.Connections.Count);

        using var client = new ClientWebSocket();
        var refused = await Assert.ThrowsAsync<WebSocketException>(() =>
            client.ConnectAsync(new Uri($"ws://127.0.0.1:{host.Listener(SipTransportKind.Ws).LocalEndPoint.Port}/"), Ct));
        Assert.NotNull(refused);
    }

    [Theory]
    [InlineData("POST", "13", 405)]
    [InlineData("GET", "8", 426)]
    public async Task Handshake_WrongMethodOrVersion_IsRefusedWithTheMatchingStatus(string method, string version, int status)
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("ws:127.0.0.1:0"));
        await using var raw = await RawWebSocket.ConnectAsync(host.Listener(SipTransportKind.Ws).LocalEndPoint);

        var head = await raw.HandshakeAsync(RawWebSocket.Request(method: method, version: version));

        Assert.Equal(status, RawWebSocket.Status(head));
        if (status == 426)
        {
            Assert.Contains("Sec-WebSocket-Version: 13", head, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Handshake_PlainHttpGet_Is426()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("ws:127.0.0.1:0"));
        await using var raw = await RawWebSocket.ConnectAsync(host.Listener(SipTransportKind.Ws).LocalEndPoint);

        var head = await raw.HandshakeAsync("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        Assert.Equal(426, RawWebSocket.Status(head));
    }

    [Theory]
    [InlineData("https://agents.example.com", 101)]
    [InlineData("https://phone.agents.example.com", 101)]
    [InlineData("https://evil.example.net", 403)]
    [InlineData(null, 101)]
    public async Task Handshake_Origin_IsCheckedAgainstTheAllowList(string? origin, int status)
    {
        await using var host = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("ws:127.0.0.1:0");
            o.WebSocket.AllowedOrigins.Add("https://agents.example.com");
            o.WebSocket.AllowedOrigins.Add("https://*.agents.example.com");
        });
        await using var raw = await RawWebSocket.ConnectAsync(host.Listener(SipTransportKind.Ws).LocalEndPoint);

        var head = await raw.HandshakeAsync(RawWebSocket.Request(origin: origin));

        Assert.Equal(status, RawWebSocket.Status(head));
        if (status == 101)
        {
            // RFC 6455 §1.3: the accept value of the sample key.
            Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", head, StringComparison.Ordinal);
            Assert.Contains("Sec-WebSocket-Protocol: sip\r\n", head, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Handshake_NotFinishedInTime_Is408()
    {
        var time = new FakeTimeProvider();
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("ws:127.0.0.1:0"), time);
        await using var raw = await RawWebSocket.ConnectAsync(host.Listener(SipTransportKind.Ws).LocalEndPoint);
        await raw.Stream.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n"u8.ToArray(), Ct);
        await Task.Delay(200, Ct);

        time.Advance(TimeSpan.FromSeconds(11));
        var head = await raw.HandshakeAsync(string.Empty);

        Assert.Equal(408, RawWebSocket.Status(head));
    }

    [Fact]
    public async Task Frame_LargerThanTheLimit_ClosesWith1009()
    {
        await using var host = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("ws:127.0.0.1:0");
            o.WebSocket.MaxFrameSize = 4096;
        });
        using var client = await ConnectAsync(host, SipTransportKind.Ws);

        await client.SendAsync(SipText.Message("MESSAGE", new string('x', 5000), "WS"), WebSocketMessageType.Text, true, Ct);
        var result = await client.ReceiveAsync(new byte[256], Ct).WaitAsync(TransportHost.Patience, Ct);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
        Assert.Equal(SipConnectionCloseReason.MessageTooLarge, (await host.Observer.NextClosedAsync()).Reason);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"register\"}", 1007)]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1007)]
    public async Task Message_ThatIsNotSip_ClosesWith1007(string text, int code)
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("ws:127.0.0.1:0"));
        await using var raw = await OpenRawAsync(host);

        await raw.SendTextAsync(text);

        Assert.Equal(code, await raw.ReceiveCloseAsync());
        Assert.True(await raw.ClosedByPeerAsync());
        Assert.Equal(SipConnectionCloseReason.InvalidPayload, (await host.Observer.NextClosedAsync()).Reason);
        Assert.False(host.Handler.TryNext(out _));
    }

    [Fact]
    public async Task TextFrame_ThatIsNotUtf8_ClosesWith1007()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("ws:127.0.0.1:0"));
        await using var raw = await OpenRawAsync(host);
        var message = SipText.Message("MESSAGE", "xx", "WS");
        message[^1] = 0xC3;

        await raw.SendFrameAsync(0x1, message);

        Assert.Equal(1007, await raw.ReceiveCloseAsync());
    }

    [Theory]
    [InlineData(false, 0, 0x1)]
    [InlineData(true, 0x40, 0x1)]
    [InlineData(true, 0, 0x3)]
    [InlineData(true, 0, 0x0)]
    public async Task Frame_BreakingRfc6455_ClosesWith1002(bool mask, byte reserved, byte opcode)
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("ws:127.0.0.1:0"));
        await using var raw = await OpenRawAsync(host);

        await raw.SendFrameAsync(opcode, SipText.Message("OPTIONS", transport: "WS"), mask: mask, reserved: reserved);

        Assert.Equal(1002, await raw.ReceiveCloseAsync());
        Assert.Equal(SipConnectionCloseReason.ProtocolError, (await host.Observer.NextClosedAsync()).Reason);
    }

    [Fact]
    public async Task Ping_IsAnsweredWithAPongCarryingItsPayload_AndDoubleCrlfWithCrlf()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("ws:127.0.0.1:0"));
        await using var raw = await OpenRawAsync(host);

        await raw.SendFrameAsync(0x9, "are you there"u8.ToArray());
        var pong = await raw.ReceiveFrameAsync();
        await raw.SendTextAsync("\r\n\r\n");
        var crlf = await raw.ReceiveFrameAsync();

        Assert.Equal((byte)0xA, pong.Opcode);
        Assert.Equal("are you there"u8.ToArray(), pong.Payload);
        Assert.Equal((byte)0x1, crlf.Opcode);
        Assert.Equal("\r\n"u8.ToArray(), crlf.Payload);
        Assert.Equal(1, host.Transport.Connections.Count);
    }

    [Fact]
    public async Task ClientClose_IsAnsweredWithTheSameCodeAndReportedAsRemoteClosed()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("ws:127.0.0.1:0"));
        using var client = await ConnectAsync(host, SipTransportKind.Ws);
        await host.Observer.NextOpenedAsync();

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "page closed", Ct).WaitAsync(TransportHost.Patience, Ct);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.Equal(SipConnectionCloseReason.RemoteClosed, (await host.Observer.NextClosedAsync()).Reason);
        Assert.Equal(0, host.Transport.Connections.Count);
    }

    [Fact]
    public async Task IdleTimeout_ClosesAnUnleasedConnectionWith1001_AndALeaseKeepsAnotherOpen()
    {
        var time = new FakeTimeProvider();
        await using var host = await TransportHost.StartAsync(o =>
        {
            o.Listen.Add("ws:127.0.0.1:0");
            o.IdleTimeout = TimeSpan.FromSeconds(120);
        }, time);
        await using var idle = await OpenRawAsync(host);
        await using var registered = await OpenRawAsync(host);
        await idle.SendTextAsync(Encoding.UTF8.GetString(SipText.Message("OPTIONS", transport: "WS")));
        var idleId = (await host.Handler.NextAsync()).ConnectionId;
        await registered.SendTextAsync(Encoding.UTF8.GetString(SipText.Message("REGISTER", transport: "WS")));
        var registeredId = (await host.Handler.NextAsync()).ConnectionId;
        Assert.True(host.Transport.Connections.ExtendLease(registeredId, time.GetUtcNow().AddSeconds(180)));

        time.Advance(TimeSpan.FromSeconds(121));

        Assert.Equal(1001, await idle.ReceiveCloseAsync());
        var (closed, reason) = await host.Observer.NextClosedAsync();
        Assert.Equal(idleId, closed.Id);
        Assert.Equal(SipConnectionCloseReason.IdleTimeout, reason);
        Assert.True(host.Transport.Connections.TryGet(registeredId, out _));
        time.Advance(TimeSpan.FromSeconds(58));
        Assert.True(host.Transport.Connections.TryGet(registeredId, out _));
    }

    [Fact]
    public async Task TrySend_ConnectionIdOfAnotherPeer_IsNotUsed()
    {
        await using var host = await TransportHost.StartAsync(o => o.Listen.Add("ws:127.0.0.1:0"));
        await using var alice = await OpenRawAsync(host);
        await using var bob = await OpenRawAsync(host);
        await alice.SendTextAsync(Encoding.UTF8.GetString(SipText.Message("REGISTER", transport: "WS")));
        var aliceFrom = await host.Handler.NextAsync();
        await bob.SendTextAsync(Encoding.UTF8.GetString(SipText.Message("REGISTER", transport: "WS")));
        var bobFrom = await host.Handler.NextAsync();
        var request = "MESSAGE sip:alice@x.invalid SIP/2.0\r\nContent-Length: 0\r\n\r\n"u8.ToArray();

        // A binding of an earlier run names Bob's connection id, but Alice's address.
        var result = host.Transport.TrySend(request, new SipSendTarget(SipTransportKind.Ws, aliceFrom.RemoteEndPoint) { ConnectionId = bobFrom.ConnectionId });

        Assert.Equal(SipSendResult.Sent, result);
        Assert.Equal(request, (await alice.ReceiveFrameAsync()).Payload);
        Assert.Equal(SipSendResult.NotConnectable, host.Transport.TrySend(request, new SipSendTarget(SipTransportKind.Ws, new IPEndPoint(IPAddress.Loopback, 9)) { ConnectionId = bobFrom.ConnectionId }));
    }

    [Fact]
    public async Task Shutdown_SaysGoodbyeWith1001()
    {
        var host = await TransportHost.StartAsync(o => o.Listen.Add("ws:127.0.0.1:0"));
        await using var raw = await OpenRawAsync(host);
        await host.Observer.NextOpenedAsync();

        await host.DisposeAsync();

        Assert.Equal(1001, await raw.ReceiveCloseAsync());
    }

    private static async Task<ClientWebSocket> ConnectAsync(TransportHost host, SipTransportKind kind)
    {
        var client = new ClientWebSocket();
        client.Options.AddSubProtocol("sip");
        if (kind == SipTransportKind.Wss)
        {
            client.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => TestCertificate.IsIt(certificate);
        }

        var port = host.Listener(kind).LocalEndPoint.Port;
        await client.ConnectAsync(new Uri($"{(kind == SipTransportKind.Ws ? "ws" : "wss")}://127.0.0.1:{port}/"), Ct).WaitAsync(TransportHost.Patience, Ct);
        return client;
    }

    private static async Task<RawWebSocket> OpenRawAsync(TransportHost host)
    {
        var raw = await RawWebSocket.ConnectAsync(host.Listener(SipTransportKind.Ws).LocalEndPoint);
        Assert.Equal(101, RawWebSocket.Status(await raw.HandshakeAsync(RawWebSocket.Request())));
        return raw;
    }

    private static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveAsync(ClientWebSocket client)
    {
        var buffer = new byte[65536];
        var total = 0;
        while (true)
        {
            var result = await client.ReceiveAsync(buffer.AsMemory(total), Ct).AsTask().WaitAsync(TransportHost.Patience, Ct);
            total += result.Count;
            if (result.EndOfMessage)
            {
                return (result.MessageType, buffer[..total]);
            }
        }
    }
}
