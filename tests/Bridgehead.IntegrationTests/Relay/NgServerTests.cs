using System.Net;
using System.Net.Sockets;
using System.Text;
using Bridgehead.Ng;
using Bridgehead.Ng.Bencode;
using Bridgehead.Ng.Client;
using Bridgehead.Relay;
using Bridgehead.Relay.Ng;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridgehead.IntegrationTests.Relay;

/// <summary>The relay's ng listener on loopback, driven by Bridgehead's bencoded UDP client and by raw datagrams.</summary>
public sealed class NgServerTests : IAsyncDisposable
{
    private readonly RelayHarness _harness = new();
    private readonly NgUdpServer _server;
    private readonly NgUdpClient _client;

    public NgServerTests()
    {
        _server = new NgUdpServer(new IPEndPoint(IPAddress.Loopback, 0), _harness.Relay, new RelayNgOptions(), NullLogger<NgUdpServer>.Instance, TimeProvider.System);
        _server.Start();
        _client = new NgUdpClient(new NgUdpClientOptions
        {
            RemoteEndPoint = _server.LocalEndPoint,
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            RetransmitInterval = TimeSpan.FromMilliseconds(500),
        });
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        _server.Dispose();
        _harness.Dispose();
    }

    [Fact]
    public async Task Commands_OverUdp_AnsweredTypedInRtpenginesShape()
    {
        Assert.IsType<NgPongReply>(await _client.SendAsync(new NgPingCommand(), Token));

        var callId = RelayHarness.NewCallId();
        var offer = Assert.IsType<NgSdpReply>(await _client.SendAsync(new NgOfferCommand(callId, "a", RelaySdp.Plain(4000)) { Flags = ["trust-address"] }, Token));
        Assert.Contains("RTP/AVP", offer.SdpText, StringComparison.Ordinal);
        Assert.IsType<NgSdpReply>(await _client.SendAsync(new NgAnswerCommand(callId, "a", "b", RelaySdp.Plain(5000)), Token));

        var query = Assert.IsType<NgQueryReply>(await _client.SendAsync(new NgQueryCommand(callId), Token));
        Assert.Equal(["a", "b"], query.Call.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal));
        var a = query.Call.Tags.Single(t => t.Tag == "a");
        Assert.Equal("b", a.InDialogueWith);
        Assert.Equal(new NgEndpoint("IPv4", "127.0.0.1", 4000), a.Medias[0].Streams[0].Endpoint);
        Assert.Equal(2, a.Medias[0].Streams.Count);

        var list = Assert.IsType<NgListReply>(await _client.SendAsync(new NgListCommand(), Token));
        Assert.Contains(callId, list.Calls);

        var statistics = Assert.IsType<NgStatisticsReply>(await _client.SendAsync(new NgStatisticsCommand(), Token));
        Assert.Equal(1, statistics.GetCounter("currentstatistics", "sessionsown"));
        Assert.Equal(1, statistics.GetCounter("totalstatistics", "managedsessions"));

        var delete = Assert.IsType<NgDeleteReply>(await _client.SendAsync(new NgDeleteCommand(callId) { FromTag = "a" }, Token));
        Assert.NotNull(delete.Call);
        Assert.Null(delete.Warning);
        var again = Assert.IsType<NgErrorReply>(await _client.SendAsync(new NgDeleteCommand(callId) { FromTag = "a", Flags = ["fatal"] }, Token));
        Assert.Equal("Call-ID not found or tags didn't match", again.Reason);
        Assert.Equal(0, _harness.Relay.SessionCount);
    }

    [Fact]
    public void RetransmittedOffer_SameCookie_AnsweredFromCacheNotRunTwice()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 2000;
        var request = NgMessage.EncodeRequest("4711_1", new NgOfferCommand(RelayHarness.NewCallId(), "a", RelaySdp.Plain(4000)));

        var first = Exchange(socket, request);
        var second = Exchange(socket, request);

        Assert.Equal(first, second);
        Assert.Equal(1, _server.Requests);
        Assert.Equal(1, _server.Retransmissions);
        Assert.Equal(1, _harness.Relay.SessionCount);
        Assert.Equal(2, _harness.Relay.PortsInUse);
    }

    [Fact]
    public void MalformedRequest_WithCookie_AnsweredWithErrorReason()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 2000;

        var reply = Exchange(socket, Encoding.ASCII.GetBytes("c1 d7:command5:offere"));

        Assert.True(NgMessage.TryParse(reply, out var cookie, out var body, out _, out _));
        Assert.Equal("c1", cookie);
        Assert.Equal("error", body["result"]!.AsText());
        Assert.Equal("No SDP body in message", body["error-reason"]!.AsText());
        Assert.Equal(1, _server.Malformed);
    }

    private byte[] Exchange(Socket socket, byte[] request)
    {
        socket.SendTo(request, _server.LocalEndPoint);
        var buffer = new byte[65536];
        var n = socket.Receive(buffer);
        return buffer[..n];
    }
}
