using System.Net;
using System.Net.Sockets;
using System.Text;
using Bridgehead.Ng;
using Bridgehead.Ng.Client;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.IntegrationTests.Ng;

/// <summary>The UDP ng client against scripted peers on loopback.</summary>
public sealed class NgUdpClientTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A peer that serves ng the way the relay will: parse the command, answer typed.</summary>
    private static IEnumerable<byte[]> Serve(byte[] datagram)
    {
        if (!NgMessage.TryParseRequest(datagram, out var cookie, out var command, out var error))
        {
            return NgMessage.TryReadCookie(datagram, out cookie, out _) ? [NgMessage.EncodeReply(cookie, NgErrorReply.From(error))] : [];
        }

        NgReply reply = command switch
        {
            NgPingCommand => new NgPongReply(),
            NgOfferCommand offer => new NgSdpReply(Encoding.ASCII.GetBytes(offer.SdpText.Replace("192.0.2.1", "203.0.113.7", StringComparison.Ordinal))),
            NgListCommand list => new NgListReply([.. Enumerable.Range(0, list.Limit ?? 2).Select(i => $"call-{i}")]),
            _ => new NgErrorReply("Unsupported"),
        };
        return [NgMessage.EncodeReply(cookie, reply)];
    }

    private static NgUdpClient Client(IPEndPoint server, TimeProvider? time = null, int maxAttempts = 3, int maxPending = 16, string? prefix = null) =>
        new(new NgUdpClientOptions
        {
            RemoteEndPoint = server,
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            RetransmitInterval = TimeSpan.FromSeconds(1),
            MaxAttempts = maxAttempts,
            MaxPendingRequests = maxPending,
            CookiePrefix = prefix,
        }, time);

    [Fact]
    public async Task SendAsync_ServingPeer_ReturnsTypedReplies()
    {
        await using var server = new FakeNgServer(Serve);
        await using var client = Client(server.EndPoint);

        Assert.IsType<NgPongReply>(await client.SendAsync(new NgPingCommand(), Token));
        var offer = Assert.IsType<NgSdpReply>(await client.SendAsync(new NgOfferCommand("c", "f", "v=0\r\nc=IN IP4 192.0.2.1\r\n"u8.ToArray()), Token));
        Assert.Equal("v=0\r\nc=IN IP4 203.0.113.7\r\n", offer.SdpText);
        Assert.Equal(["call-0", "call-1", "call-2"], Assert.IsType<NgListReply>(await client.SendAsync(new NgListCommand { Limit = 3 }, Token)).Calls);
        Assert.Equal("Unsupported", Assert.IsType<NgErrorReply>(await client.SendAsync(new NgStatisticsCommand(), Token)).Reason);
    }

    [Fact]
    public async Task SendAsync_Requests_UseDistinctCookiesWithThePrefix()
    {
        await using var server = new FakeNgServer(Serve);
        await using var client = Client(server.EndPoint, prefix: "edge7");

        await client.SendAsync(new NgPingCommand(), Token);
        await client.SendAsync(new NgPingCommand(), Token);

        var cookies = server.Received.Select(d => NgMessage.TryReadCookie(d, out var c, out _) ? c : null).ToList();
        Assert.Equal(["edge7_1", "edge7_2"], cookies);
    }

    [Fact]
    public async Task SendAsync_SilentPeer_SendsTheSameDatagramMaxAttemptsTimesThenTimesOut()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeNgServer(_ => []);
        await using var client = Client(server.EndPoint, time, maxAttempts: 3);

        var pending = client.SendAsync(new NgOfferCommand("c", "f", "v=0\r\n"u8.ToArray()), Token);

        // Advance the fake clock until the client gives up (bounded: 500 steps of 10 ms real time).
        for (var step = 0; step < 500 && !pending.IsCompleted; step++)
        {
            await server.WaitForAsync(1, TimeSpan.FromMilliseconds(10));
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, Token);
        }

        var reply = Assert.IsType<NgErrorReply>(await pending);
        Assert.Equal(NgClientError.Timeout, reply.ClientError);
        Assert.True(await server.WaitForAsync(3, TimeSpan.FromSeconds(5)));
        Assert.Equal(3, server.Received.Count);
        Assert.All(server.Received, d => Assert.Equal(server.Received.First(), d));
    }

    [Fact]
    public async Task SendAsync_PeerAnswersSecondTry_ReturnsThatReply()
    {
        var time = new FakeTimeProvider();
        var seen = 0;
        await using var server = new FakeNgServer(d => Interlocked.Increment(ref seen) == 1 ? [] : Serve(d));
        await using var client = Client(server.EndPoint, time);

        var pending = client.SendAsync(new NgPingCommand(), Token);

        // One retransmission interval passes only once the first try has arrived, and no more
        // after the second: a loaded machine's slow sockets cannot run the fake clock past the
        // client's last attempt while the reply is still on its way.
        Assert.True(await server.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        for (var step = 0; step < 100 && server.Received.Count < 2; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await server.WaitForAsync(2, TimeSpan.FromMilliseconds(50));
        }

        Assert.True(await server.WaitForAsync(2, TimeSpan.FromSeconds(10)));
        Assert.IsType<NgPongReply>(await pending.WaitAsync(TimeSpan.FromSeconds(10), Token));
        Assert.Equal(2, server.Received.Count);
    }

    [Fact]
    public async Task SendAsync_StrayReplyBeforeTheRealOne_IsDroppedAndCounted()
    {
        await using var server = new FakeNgServer(d =>
        {
            Assert.True(NgMessage.TryReadCookie(d, out var cookie, out _));
            return [NgMessage.EncodeReply("someone-else_1", new NgPongReply()), NgMessage.EncodeReply(cookie, new NgListReply(["mine"]))];
        });
        await using var client = Client(server.EndPoint);

        var reply = Assert.IsType<NgListReply>(await client.SendAsync(new NgListCommand(), Token));

        Assert.Equal(["mine"], reply.Calls);
        Assert.Equal(1, client.StaleReplies);
    }

    [Fact]
    public async Task SendAsync_ReplyWithOurCookieButNotBencode_IsMalformedReply()
    {
        await using var server = new FakeNgServer(d =>
        {
            Assert.True(NgMessage.TryReadCookie(d, out var cookie, out _));
            return [Encoding.ASCII.GetBytes(cookie + " d6:result")];
        });
        await using var client = Client(server.EndPoint);

        var reply = Assert.IsType<NgErrorReply>(await client.SendAsync(new NgPingCommand(), Token));

        Assert.Equal(NgClientError.MalformedReply, reply.ClientError);
    }

    [Fact]
    public async Task SendAsync_ReplyNotFittingTheCommand_IsMalformedReply()
    {
        await using var server = new FakeNgServer(d =>
        {
            Assert.True(NgMessage.TryReadCookie(d, out var cookie, out _));
            return [NgMessage.EncodeReply(cookie, new NgOkReply())];
        });
        await using var client = Client(server.EndPoint);

        var reply = Assert.IsType<NgErrorReply>(await client.SendAsync(new NgOfferCommand("c", "f", "v=0\r\n"u8.ToArray()), Token));

        Assert.Equal(NgClientError.MalformedReply, reply.ClientError);
    }

    [Fact]
    public async Task SendAsync_ManyConcurrentRequestsAnsweredOutOfOrder_EachGetsItsOwnReply()
    {
        var held = new List<(string Cookie, int Limit)>();
        await using var server = new FakeNgServer(d =>
        {
            Assert.True(NgMessage.TryParseRequest(d, out var cookie, out var command, out _));
            lock (held)
            {
                held.Add((cookie, ((NgListCommand)command!).Limit!.Value));
                if (held.Count < 50)
                {
                    return [];
                }

                // All in, answer in reverse order.
                return held.AsEnumerable().Reverse().Select(h => NgMessage.EncodeReply(h.Cookie, new NgListReply([$"limit-{h.Limit}"]))).ToList();
            }
        });
        await using var client = Client(server.EndPoint, maxPending: 64);

        var replies = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => client.SendAsync(new NgListCommand { Limit = i }, Token)));

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal([$"limit-{i + 1}"], Assert.IsType<NgListReply>(replies[i]).Calls);
        }
    }

    [Fact]
    public async Task SendAsync_MoreThanMaxPending_RefusesAtOnceWithOverloaded()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeNgServer(_ => []);
        await using var client = Client(server.EndPoint, time, maxPending: 1);

        var first = client.SendAsync(new NgPingCommand(), Token);
        var second = await client.SendAsync(new NgPingCommand(), Token);

        Assert.Equal(NgClientError.Overloaded, Assert.IsType<NgErrorReply>(second).ClientError);
        Assert.False(first.IsCompleted);
        await client.DisposeAsync();
        Assert.Equal(NgClientError.TransportFailure, Assert.IsType<NgErrorReply>(await first).ClientError);
    }

    [Fact]
    public async Task SendAsync_RequestLargerThanADatagram_IsRefused()
    {
        await using var server = new FakeNgServer(Serve);
        await using var client = Client(server.EndPoint);

        var reply = await client.SendAsync(new NgOfferCommand("c", "f", new byte[NgMessage.MaxDatagramSize]), Token);

        Assert.Equal(NgClientError.RequestTooLarge, Assert.IsType<NgErrorReply>(reply).ClientError);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task SendAsync_Cancelled_ThrowsOperationCanceled()
    {
        var time = new FakeTimeProvider();
        await using var server = new FakeNgServer(_ => []);
        await using var client = Client(server.EndPoint, time);
        using var cancel = new CancellationTokenSource();

        var pending = client.SendAsync(new NgPingCommand(), cancel.Token);
        Assert.True(await server.WaitForAsync(1, TimeSpan.FromSeconds(5)));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task SendAsync_AfterDispose_IsTransportFailure()
    {
        await using var server = new FakeNgServer(Serve);
        var client = Client(server.EndPoint);
        await client.DisposeAsync();

        Assert.Equal(NgClientError.TransportFailure, Assert.IsType<NgErrorReply>(await client.SendAsync(new NgPingCommand(), Token)).ClientError);
    }

    [Fact]
    public async Task SendAsync_NothingListening_TimesOutAsAValue()
    {
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        closed.Close();
        await using var client = new NgUdpClient(new NgUdpClientOptions
        {
            RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, port),
            RetransmitInterval = TimeSpan.FromMilliseconds(50),
            MaxAttempts = 2,
        });

        var reply = Assert.IsType<NgErrorReply>(await client.SendAsync(new NgPingCommand(), Token));

        Assert.Equal(NgClientError.Timeout, reply.ClientError);
    }
}
