using System.Net;
using Bridgehead.Testing;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.Server;

/// <summary>IPv6 works wherever IPv4 does: listeners on [::1] over UDP, TCP and TLS, registration and routing, malformed input.</summary>
[Collection(ServerProcesses.Name)]
public sealed class Ipv6Tests
{
    [Fact]
    public async Task Ipv6_ListenersOnLoopback_AnswerRegisterRouteAndReject()
    {
        using var directory = new TestDirectory("ipv6");
        var port = FreePorts.Next();
        var endPoint = new IPEndPoint(IPAddress.IPv6Loopback, port);
        var tls = new IPEndPoint(IPAddress.IPv6Loopback, FreePorts.Next());
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"])
        {
            Listen = [$"udp:[::1]:{port}", $"tcp:[::1]:{port}", $"tls:[::1]:{tls.Port}"],
            Arguments = ["--auth", "off", "--domain", "example.com"],
        });

        Assert.Equal(200, (await SipProbe.UdpOptionsAsync(endPoint)).StatusCode);
        Assert.Equal(200, (await SipProbe.TcpOptionsAsync(endPoint)).StatusCode);
        await using (var secure = await TcpSipClient.ConnectTlsAsync(tls, Patience.Answer))
        {
            Assert.Equal(200, (await SipProbe.OptionsAsync(secure, tls)).StatusCode);
        }

        // A phone on UDP and one on TCP register; each is reached from the other transport.
        await using var udpPhone = new UdpSipClient(endPoint) { Answer = SipAnswers.BusyForInviteOkOtherwise };
        await using var tcpPhone = await TcpSipClient.ConnectAsync(endPoint, Patience.Answer);
        Assert.Equal(200, (await SipProbe.RegisterAsync(udpPhone, "alice", "example.com")).StatusCode);
        Assert.Equal(200, (await SipProbe.RegisterAsync(tcpPhone, "bob", "example.com")).StatusCode);

        await using (var caller = await TcpSipClient.ConnectAsync(endPoint, Patience.Answer))
        {
            var callId = SipRequestText.NewCallId();
            await caller.SendAsync(SipRequestText.Request("MESSAGE", "sip:alice@example.com", caller, "sip:carol@example.net", "sip:alice@example.com", callId, body: "hello"));
            Assert.Equal(200, (await caller.ExpectResponseAsync(callId, Patience.Answer)).StatusCode);
            var delivered = await udpPhone.WaitForAsync(m => m.CallId == callId, Patience.Answer, "the MESSAGE for alice");
            Assert.Equal("hello"u8.ToArray(), delivered.Body);
            Assert.Contains("[::1]", delivered.Header("Via"), StringComparison.Ordinal);
        }

        await using (var caller = new UdpSipClient(endPoint))
        {
            var callId = SipRequestText.NewCallId();
            await caller.SendAsync(SipRequestText.Request("MESSAGE", "sip:bob@example.com", caller, "sip:carol@example.net", "sip:bob@example.com", callId, body: "hi"));
            var delivered = await tcpPhone.WaitForAsync(m => m.CallId == callId, Patience.Answer, "the MESSAGE for bob on his connection");
            await tcpPhone.SendAsync(delivered.ResponseTo(200, "OK"));
            Assert.Equal(200, (await caller.ExpectResponseAsync(callId, Patience.Answer)).StatusCode);
        }

        // Malformed input over IPv6 gets the same 400 naming the fault (RFC 5118 §4.10's three colons).
        await using (var client = new UdpSipClient(endPoint))
        {
            await client.SendAsync(TestVectors.Read("rfc5118", "ipv6-bug-abnf-3-colons.dat"));
            var rejected = await client.ExpectResponseAsync("G9559905523997077@hlau_4100", Patience.Answer);
            Assert.Equal(400, rejected.StatusCode);
            Assert.Equal("Bad Request (Malformed Request-URI)", rejected.ReasonPhrase);
        }
    }
}
