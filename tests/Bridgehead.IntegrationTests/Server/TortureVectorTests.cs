using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bridgehead.Testing;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.Server;

/// <summary>
/// Every RFC 4475 and RFC 5118 message, sent unchanged to the running server over UDP and over
/// TCP, is handled as tests/vectors/*/INDEX.md says: a 400 (505, 416, 420, 483 ...) whose reason
/// names the fault, forwarding with the body untouched, registration, or a silent drop of a
/// response (with one log line when it is malformed).
/// </summary>
[Collection(ServerProcesses.Name)]
public sealed partial class TortureVectorTests(TortureServers servers) : IClassFixture<TortureServers>
{
    public static TheoryData<string, VectorHandling, int, string> UdpVectors => TortureVectors.Udp();

    public static TheoryData<string, VectorHandling, int, string> TcpVectors => TortureVectors.Tcp();

    [Theory]
    [MemberData(nameof(UdpVectors))]
    public async Task Udp_Vector_IsHandledAsItsIndexSays(string vector, VectorHandling handling, int status, string text)
    {
        await using var client = new UdpSipClient(servers.UdpListener, ResponsePort(Read(vector)));
        await CheckAsync(servers.Udp, client, vector, handling, status, text);
    }

    [Theory]
    [MemberData(nameof(TcpVectors))]
    public async Task Tcp_Vector_IsHandledAsItsIndexSays(string vector, VectorHandling handling, int status, string text)
    {
        await using var client = await TcpSipClient.ConnectAsync(servers.TcpListener, Patience.Answer);
        await CheckAsync(servers.Tcp, client, vector, handling, status, text);
    }

    [Fact]
    public async Task Udp_Dblreq_TrailingInviteIsNeverProcessed()
    {
        const string inviteCallId = "dblreq.0ha0isnda977644900765@192.0.2.15";
        var bytes = TestVectors.Read("rfc4475", "dblreq.dat");
        await using var client = new UdpSipClient(servers.UdpListener, ResponsePort(bytes));
        var register = RawSipMessage.TryParse(bytes)!;
        await servers.WaitForFreshTransactionAsync(servers.Udp, register);
        var before = servers.NextHop.Received.Count;

        await client.SendAsync(bytes);

        var response = await client.ExpectResponseAsync(register.CallId!, Patience.Answer);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("8 REGISTER", response.Header("CSeq"));
        var later = await client.CollectAsync(Patience.Silence);
        Assert.DoesNotContain(client.Received, m => m.CallId == inviteCallId);
        // Other tests' vectors whose Via has no port are answered on this same port: only the
        // INVITE's Call-ID says anything about dblreq.
        Assert.DoesNotContain(later, m => m.CallId == inviteCallId);
        Assert.False(servers.NextHop.Saw(m => m.CallId == inviteCallId, before));
        await DeregisterAsync(client, register);
    }

    [Fact]
    public async Task Tcp_Dblreq_TheInviteAfterTheRegisterIsTheNextMessageOnTheStream()
    {
        // On a stream Content-Length: 0 ends the REGISTER, and the INVITE is simply the next message.
        const string inviteCallId = "dblreq.0ha0isnda977644900765@192.0.2.15";
        await using var client = await TcpSipClient.ConnectAsync(servers.TcpListener, Patience.Answer);
        var bytes = TestVectors.Read("rfc4475", "dblreq.dat");
        var register = RawSipMessage.TryParse(bytes)!;
        await servers.WaitForFreshTransactionsAsync(servers.Tcp, bytes);

        await client.SendAsync(bytes);

        try
        {
            Assert.Equal(200, (await client.ExpectResponseAsync(register.CallId!, Patience.Answer)).StatusCode);
            Assert.Equal(486, (await client.ExpectResponseAsync(inviteCallId, Patience.Answer)).StatusCode);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nserver console:\n{servers.Tcp.Console.Tail(60)}", e);
        }
        await servers.NextHop.WaitForAsync(m => m.Method == "INVITE" && m.CallId == inviteCallId, Patience.Answer, "the INVITE of dblreq at the next hop");
        await DeregisterAsync(client, register);
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Regaut01_WithAuthOn_IsChallengedWithDigest(string transport)
    {
        // RFC 4475 §3.3.7: an Authorization of an unknown scheme is no credential: 401 with a Digest challenge.
        var bytes = TestVectors.Read("rfc4475", "regaut01.dat");
        await using SipTestClient client = transport == "udp"
            ? new UdpSipClient(servers.AuthListener, ResponsePort(bytes))
            : await TcpSipClient.ConnectAsync(servers.AuthListener, Patience.Answer);
        var request = RawSipMessage.TryParse(bytes)!;
        await servers.WaitForFreshTransactionAsync(servers.Auth, request);

        await client.SendAsync(bytes);

        var response = await client.ExpectResponseAsync(request.CallId!, Patience.Answer);
        Assert.Equal(401, response.StatusCode);
        Assert.Equal("Unauthorized", response.ReasonPhrase);
        var challenges = response.HeaderValues("WWW-Authenticate").ToList();
        Assert.NotEmpty(challenges);
        Assert.All(challenges, c => Assert.StartsWith("Digest ", c, StringComparison.Ordinal));
        Assert.Contains(challenges, c => c.Contains("realm=\"example.com\"", StringComparison.Ordinal));
    }

    private static async Task CheckAsync(BridgeheadProcess server, Func<Task> check)
    {
        try
        {
            await check();
        }
        catch (Exception e) when (server.Process.HasExited)
        {
            throw new InvalidOperationException($"the server exited with {server.Process.ExitCode}; console:\n{server.Console.Tail(80)}", e);
        }
    }

    private Task CheckAsync(BridgeheadProcess server, SipTestClient client, string vector, VectorHandling handling, int status, string text) =>
        CheckAsync(server, () => CheckVectorAsync(server, client, vector, handling, status, text));

    private async Task CheckVectorAsync(BridgeheadProcess server, SipTestClient client, string vector, VectorHandling handling, int status, string text)
    {
        var bytes = Read(vector);
        var sent = RawSipMessage.TryParse(bytes)!;
        if (client is TcpSipClient)
        {
            await servers.WaitForFreshTransactionsAsync(server, bytes);
        }
        else
        {
            await servers.WaitForFreshTransactionAsync(server, sent);
        }

        // mpart01 carries a strict Route to 127.0.0.1:5080 (RFC 3261 §16.6 step 7): that is its next hop.
        var nextHop = sent.Header("Route") is { } route && route.Contains("127.0.0.1:5080", StringComparison.Ordinal) ? servers.RouteTarget : servers.NextHop;
        var nextHopBefore = nextHop.Received.Count;
        var consoleBefore = server.Console.Lines.Count;

        await client.SendAsync(bytes);

        switch (handling)
        {
            case VectorHandling.Rejected or VectorHandling.Answered or VectorHandling.Registered:
                var response = await client.ExpectAsync(m => m.IsResponse && m.StatusCode >= 200 && m.CallId == sent.CallId, Patience.Answer, $"the final response to {vector}");
                Assert.Equal(status, response.StatusCode);
                if (text.Length > 0)
                {
                    Assert.Equal(text, response.ReasonPhrase);
                }

                if (sent.CallId is not null)
                {
                    Assert.Equal(sent.CallId, response.CallId);
                }

                Assert.False(nextHop.Saw(m => m.CallId == sent.CallId && m.Header("CSeq") == sent.Header("CSeq"), nextHopBefore), $"{vector} was forwarded");
                if (status == 420)
                {
                    // RFC 3261 §8.2.2.3: Unsupported lists the option tags that were not understood.
                    var unsupported = response.Header("Unsupported") ?? string.Empty;
                    Assert.Contains("noProxiesSupportThis", unsupported, StringComparison.Ordinal);
                    Assert.Contains("norDoAnyProxiesSupportThis", unsupported, StringComparison.Ordinal);
                }

                if (handling == VectorHandling.Registered)
                {
                    await DeregisterAsync(client, sent);
                }

                break;

            case VectorHandling.Forwarded:
                var forwarded = await nextHop.WaitForAsync(
                    m => !m.IsResponse && m.CallId == sent.CallId && m.Header("CSeq") == sent.Header("CSeq"),
                    Patience.Answer,
                    $"{vector} at the next hop",
                    nextHopBefore);
                Assert.Equal(sent.Method, forwarded.Method);
                if (nextHop == servers.NextHop)
                {
                    Assert.Equal(sent.RequestUri, forwarded.RequestUri);
                }
                else
                {
                    // The strict router finds itself in the Request-URI, and the original one last in Route.
                    Assert.Equal("sip:127.0.0.1:5080", forwarded.RequestUri);
                    Assert.Equal($"<{sent.RequestUri}>", forwarded.HeaderValues("Route").Last());
                }

                Assert.Equal(Body(bytes, sent, client is TcpSipClient), forwarded.Body);
                var relayed = await client.ExpectAsync(m => m.IsResponse && m.StatusCode >= 200 && m.CallId == sent.CallId, Patience.Answer, $"the next hop's answer to {vector}");
                Assert.Equal(status, relayed.StatusCode);
                if (sent.Method == "INVITE")
                {
                    await AckAsync(client, sent, relayed);
                }

                break;

            case VectorHandling.Dropped or VectorHandling.DroppedAndLogged:
                Assert.DoesNotContain(await client.CollectAsync(Patience.Silence), m => m.CallId == sent.CallId);
                Assert.False(nextHop.Saw(m => m.CallId == sent.CallId, nextHopBefore), $"{vector} went to the next hop");
                if (handling == VectorHandling.DroppedAndLogged)
                {
                    var source = client.LocalEndPoint.ToString();
                    var line = await server.Console.WaitForAsync(l => l.Contains(source, StringComparison.Ordinal), Patience.Answer, $"about {source}", consoleBefore);
                    Assert.Contains(text, line, StringComparison.Ordinal);
                    Assert.Single(server.Console.Lines.Skip(consoleBefore), l => l.Contains(source, StringComparison.Ordinal));
                }

                break;

            case VectorHandling.Closed:
                var tcp = Assert.IsType<TcpSipClient>(client);
                Assert.True(await tcp.WaitForCloseAsync(TimeSpan.FromSeconds(8)), $"the server kept the connection of {vector} open");
                Assert.Empty(client.Received);
                Assert.False(nextHop.Saw(m => m.CallId == sent.CallId, nextHopBefore), $"{vector} went to the next hop");
                break;
        }
    }

    private static byte[] Read(string vector) =>
        TestVectors.Read(vector.Split('/')[0], string.Join('/', vector.Split('/')[1..]) + ".dat");

    /// <summary>
    /// Where a UDP response to this request goes (RFC 3261 §18.2.2): the source address, and the
    /// source port only with rport; otherwise the port of the top Via's sent-by (5060, 5061 for
    /// TLS). The vectors' Vias name far-away hosts, so the test listens on that port of loopback.
    /// </summary>
    private static int ResponsePort(byte[] vector)
    {
        var message = RawSipMessage.TryParse(vector);
        if (message is null || message.IsResponse)
        {
            return 0;
        }

        var via = message.Header("Via") ?? string.Empty;
        var top = via.Split(',')[0];
        var match = SentBy().Match(top);
        if (!match.Success || Rport().IsMatch(top))
        {
            return 0;
        }

        return match.Groups["port"].Success
            ? int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture)
            : match.Groups["transport"].Value.Equals("TLS", StringComparison.OrdinalIgnoreCase) ? 5061 : 5060;
    }

    [GeneratedRegex(@"^SIP\s*/\s*2\.0\s*/\s*(?<transport>[A-Za-z]+)\s+(\[[^\]]+\]|[^\s:;,]+)(\s*:\s*(?<port>\d+))?")]
    private static partial Regex SentBy();

    [GeneratedRegex(@";\s*rport\s*(=|;|$)")]
    private static partial Regex Rport();

    /// <summary>ACK for a non-2xx final response (RFC 3261 §17.1.1.3): same top Via and Request-URI, the response's To.</summary>
    private static async Task AckAsync(SipTestClient client, RawSipMessage invite, RawSipMessage response)
    {
        if (response.StatusCode < 300)
        {
            return;
        }

        var cseq = (invite.Header("CSeq") ?? "1").Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var ack = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"ACK {invite.RequestUri} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: {response.Header("Via")}\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: {invite.Header("From")}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: {response.Header("To")}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {invite.CallId}\r\n")
            .Append(CultureInfo.InvariantCulture, $"CSeq: {cseq} ACK\r\n")
            .Append("Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
            .ToString();
        await client.SendAsync(ack);
    }

    /// <summary>The body as framed: Content-Length octets (on a datagram without one, the rest of it; RFC 3261 §18.3).</summary>
    private static byte[] Body(byte[] bytes, RawSipMessage message, bool stream)
    {
        var start = bytes.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        var rest = bytes[start..];
        if (message.Header("Content-Length") is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return rest[..Math.Min(length, rest.Length)];
        }

        return stream ? [] : rest;
    }

    /// <summary>Removes what a registration vector bound (Contact: *, Expires: 0), so that later vectors to the same user still take the default route.</summary>
    private static async Task DeregisterAsync(SipTestClient client, RawSipMessage register)
    {
        if (register.Header("Contact") is null)
        {
            return;
        }

        var callId = SipRequestText.NewCallId();
        var text = new StringBuilder()
            .Append("REGISTER sip:example.com SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/{client.Transport} {client.HostPort};branch={SipRequestText.NewBranch()};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: {register.Header("To")};tag=cleanup\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: {register.Header("To")}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {callId}\r\n")
            .Append("CSeq: 1 REGISTER\r\nContact: *\r\nExpires: 0\r\nContent-Length: 0\r\n\r\n")
            .ToString();
        await client.SendAsync(text);
        Assert.Equal(200, (await client.ExpectResponseAsync(callId, Patience.Answer)).StatusCode);
    }
}
