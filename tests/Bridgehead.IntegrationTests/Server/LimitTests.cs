using System.Diagnostics;
using System.Net;
using System.Text;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.Server;

/// <summary>
/// Bad input never crashes or hangs the server: oversize messages are refused (limit
/// configurable, 64 KiB by default), a half-sent message on TCP times out, and a flood of garbage
/// leaves it answering OPTIONS.
/// </summary>
[Collection(ServerProcesses.Name)]
public sealed class LimitTests
{
    [Fact]
    public async Task Udp_DatagramAboveTheConfiguredLimit_IsDroppedWithALogLine()
    {
        using var directory = new TestDirectory("udplimit");
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreePorts.Next());
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"])
        {
            Listen = [$"udp:{endPoint}"],
            Settings = new Dictionary<string, string> { ["Sip:Transport:MaxMessageSize"] = "2048" },
        });
        await using var client = new UdpSipClient(endPoint);

        var small = await SendOptionsAsync(client, endPoint, padding: 1500);
        var large = await SendOptionsAsync(client, endPoint, padding: 2500);

        Assert.Equal(200, (await client.ExpectResponseAsync(small, Patience.Answer)).StatusCode);
        Assert.DoesNotContain(await client.CollectAsync(Patience.Silence), m => m.CallId == large);
        await server.Console.WaitForAsync(
            l => l.Contains("larger than 2048", StringComparison.Ordinal) && l.Contains(client.LocalEndPoint.ToString(), StringComparison.Ordinal),
            Patience.Answer,
            "about the oversize datagram");
        Assert.Equal(200, (await SipProbe.OptionsAsync(client, endPoint)).StatusCode);
    }

    [Fact]
    public async Task Tcp_MessageAboveTheDefault64KiB_ClosesTheConnection_OneBelowIsAnswered()
    {
        using var directory = new TestDirectory("tcplimit");
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreePorts.Next());
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"]) { Listen = [$"tcp:{endPoint}"] });

        await using (var fits = await TcpSipClient.ConnectAsync(endPoint, Patience.Answer))
        {
            var callId = await SendOptionsAsync(fits, endPoint, padding: 60 * 1024);
            Assert.Equal(200, (await fits.ExpectResponseAsync(callId, Patience.Answer)).StatusCode);
        }

        await using var tooLarge = await TcpSipClient.ConnectAsync(endPoint, Patience.Answer);
        await SendOptionsAsync(tooLarge, endPoint, padding: 65 * 1024);

        Assert.True(await tooLarge.WaitForCloseAsync(Patience.Answer), "the connection stayed open");
        Assert.Empty(tooLarge.Received);
        await server.Console.WaitForAsync("larger than 65536", Patience.Answer);
        Assert.Equal(200, (await SipProbe.TcpOptionsAsync(endPoint)).StatusCode);
    }

    [Fact]
    public async Task Tcp_HalfSentMessage_IsClosedAtTheConfiguredTimeout_WhileOthersAreServed()
    {
        using var directory = new TestDirectory("halfsent");
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreePorts.Next());
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"])
        {
            Listen = [$"tcp:{endPoint}"],
            Settings = new Dictionary<string, string> { ["Sip:Transport:IncompleteMessageTimeout"] = "00:00:01.500" },
        });
        await using var stalled = await TcpSipClient.ConnectAsync(endPoint, Patience.Answer);
        var message = Encoding.UTF8.GetBytes(SipRequestText.Options(stalled, SipProbe.Uri(endPoint), SipRequestText.NewCallId()));

        var clock = Stopwatch.StartNew();
        await stalled.SendAsync(message.AsMemory(0, message.Length / 2));
        Assert.Equal(200, (await SipProbe.TcpOptionsAsync(endPoint)).StatusCode);
        var closed = await stalled.WaitForCloseAsync(TimeSpan.FromSeconds(15));
        clock.Stop();

        Assert.True(closed, "a half-sent message kept its connection open");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(12));
        Assert.Empty(stalled.Received);
    }

    [Fact]
    public async Task GarbageFlood_OverUdpAndTcp_LeavesTheServerAnsweringOptions()
    {
        using var directory = new TestDirectory("flood");
        var endPoint = new IPEndPoint(IPAddress.Loopback, FreePorts.Next());
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"])
        {
            Listen = [$"udp:{endPoint}", $"tcp:{endPoint}"],
            Arguments = ["--log-level", "Warning"],
        });
        var random = new Random(4475);
        var valid = Encoding.ASCII.GetBytes(
            "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKflood;rport\r\nMax-Forwards: 70\r\n" +
            "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: flood\r\nCSeq: 1 INVITE\r\n" +
            "Content-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n");

        // UDP: random octets, truncated and mutated copies of a real INVITE, huge and empty datagrams.
        await using (var flooder = new UdpSipClient(endPoint))
        {
            for (var i = 0; i < 20_000; i++)
            {
                await flooder.SendAsync(Garbage(random, valid, i));
            }
        }

        // TCP: connections that write garbage, some closing mid-message, some left half-open.
        var streams = new List<TcpSipClient>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                var stream = await TcpSipClient.ConnectAsync(endPoint, Patience.Answer);
                streams.Add(stream);
                for (var j = 0; j < 20; j++)
                {
                    try
                    {
                        await stream.SendAsync(Garbage(random, valid, (i * 20) + j));
                    }
                    catch (IOException)
                    {
                        // The server closed a connection whose framing it could not follow: that is the point.
                        break;
                    }
                }
            }

            // The server may still be working through the backlog of garbage on a busy machine:
            // it must answer, within a bounded number of patient probes.
            Assert.Equal(200, await AnswerAfterFloodAsync(() => SipProbe.UdpOptionsAsync(endPoint)));
            Assert.Equal(200, (await SipProbe.TcpOptionsAsync(endPoint)).StatusCode);
            Assert.False(server.Process.HasExited);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }

        Assert.Equal(200, (await SipProbe.UdpOptionsAsync(endPoint)).StatusCode);
        Assert.DoesNotContain(server.Console.Lines, l => l.Contains("Unhandled exception", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal));
        Assert.Equal(0, await server.StopAsync());
    }

    private static async Task<string> SendOptionsAsync(SipTestClient client, IPEndPoint server, int padding)
    {
        var callId = SipRequestText.NewCallId();
        var text = SipRequestText.Request(
            "OPTIONS", SipProbe.Uri(server), client, "sip:probe@127.0.0.1", SipProbe.Uri(server), callId, extraHeaders: [$"X-Padding: {new string('x', padding)}"]);
        await client.SendAsync(text);
        return callId;
    }

    private static async Task<int> AnswerAfterFloodAsync(Func<Task<RawSipMessage>> probe)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await probe()).StatusCode;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                // One more probe; three unanswered ones fail the test.
            }
        }
    }

    private static byte[] Garbage(Random random, byte[] valid, int i)
    {
        switch (i % 5)
        {
            case 0:
                var noise = new byte[random.Next(1, 1400)];
                random.NextBytes(noise);
                return noise;
            case 1:
                return valid[..random.Next(1, valid.Length)];
            case 2:
                var mutated = (byte[])valid.Clone();
                for (var k = 0; k < 8; k++)
                {
                    mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                }

                return mutated;
            case 3:
                return Encoding.ASCII.GetBytes($"INVITE sip:x SIP/2.0\r\nContent-Length: {random.Next(-5, 100_000)}\r\nVia: {new string(';', random.Next(0, 500))}\r\n\r\n");
            default:
                return random.Next(2) == 0 ? "\r\n\r\n"u8.ToArray() : Encoding.ASCII.GetBytes(new string('A', random.Next(1, 8000)));
        }
    }
}
