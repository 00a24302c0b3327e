using System.Net;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Sipp;

/// <summary>
/// sipp UAC → Bridgehead → sipp UAS, hundreds of calls over UDP, TCP and TLS, and over a lossy UDP
/// path. The UAC is sipp's built-in one, which ignores Record-Route and sends its ACK and BYE to
/// the proxy with the callee's AOR: the server routes them like the INVITE.
/// </summary>
[Collection(SippPeers.Name)]
public sealed class SippCallTests
{
    private const int Calls = 500;

    [Fact]
    public async Task Udp_500CallsFromSippUacThroughBridgeheadToSippUas_NoneFail()
    {
        using var directory = new TestDirectory("sipp-udp");
        var (serverPort, uasPort, uacPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"])
        {
            Listen = [$"udp:127.0.0.1:{serverPort}"],
            Arguments = ["--auth", "off", "--default-route", $"sip:127.0.0.1:{uasPort}", "--log-level", "Warning"],
        });

        var (uac, uas) = await Sipp.CallAsync(
            Sipp.Uas(directory, uasPort, Calls),
            Sipp.Uac(directory, uacPort, $"127.0.0.1:{serverPort}", Calls));

        Sipp.AssertAllSucceeded(uac, Calls, "uac");
        Sipp.AssertAllSucceeded(uas, Calls, "uas");
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task Tcp_500CallsFromSippUacThroughBridgeheadToSippUas_NoneFail()
    {
        using var directory = new TestDirectory("sipp-tcp");
        var (serverPort, uasPort, uacPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"])
        {
            Listen = [$"tcp:127.0.0.1:{serverPort}"],
            Arguments = ["--auth", "off", "--default-route", $"sip:127.0.0.1:{uasPort};transport=tcp", "--log-level", "Warning"],
        });

        var (uac, uas) = await Sipp.CallAsync(
            Sipp.Uas(directory, uasPort, Calls, "t1"),
            Sipp.Uac(directory, uacPort, $"127.0.0.1:{serverPort}", Calls, "t1"));

        Sipp.AssertAllSucceeded(uac, Calls, "uac");
        Sipp.AssertAllSucceeded(uas, Calls, "uas");
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task Tls_500CallsFromSippUacThroughBridgeheadToSippUas_NoneFail()
    {
        // Debian's sipp has no TLS: socat turns its TCP into TLS on both sides of the server. The
        // server checks the callee side's certificate (trusted as a pinned self-signed peer).
        using var directory = new TestDirectory("sipp-tls");
        var (tlsPort, uasPort, uacPort, callerRelay, calleeRelay) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var (certificate, key) = TestCertificate.WritePem(directory.Path);
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"])
        {
            Listen = [$"tls:127.0.0.1:{tlsPort}"],
            Arguments = ["--auth", "off", "--default-route", $"sip:127.0.0.1:{calleeRelay};transport=tls", "--log-level", "Warning"],
            Settings = new Dictionary<string, string> { ["Sip:Transport:Tls:TrustedCertificatePaths:0"] = certificate },
        });
        await using var toServer = await StartRelayAsync(callerRelay, [$"TCP-LISTEN:{callerRelay},bind=127.0.0.1,reuseaddr,fork", $"OPENSSL:127.0.0.1:{tlsPort},verify=0"]);
        await using var toCallee = await StartRelayAsync(calleeRelay, [$"OPENSSL-LISTEN:{calleeRelay},bind=127.0.0.1,reuseaddr,fork,cert={certificate},key={key},verify=0", $"TCP:127.0.0.1:{uasPort}"]);

        var (uac, uas) = await Sipp.CallAsync(
            Sipp.Uas(directory, uasPort, Calls, "t1"),
            Sipp.Uac(directory, uacPort, $"127.0.0.1:{callerRelay}", Calls, "t1"));

        Sipp.AssertAllSucceeded(uac, Calls, "uac");
        Sipp.AssertAllSucceeded(uas, Calls, "uas");
        Assert.Equal(0, await server.StopAsync());
    }

    [Theory]
    [InlineData("udp", "u1")]
    [InlineData("tcp", "t1")]
    public async Task Ipv6_200CallsFromSippUacThroughBridgeheadToSippUas_NoneFail(string transport, string sippTransport)
    {
        const int calls = 200;
        using var directory = new TestDirectory("sipp-ipv6");
        var (serverPort, uasPort, uacPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var parameter = transport == "tcp" ? ";transport=tcp" : string.Empty;
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"])
        {
            Listen = [$"{transport}:[::1]:{serverPort}"],
            Arguments = ["--auth", "off", "--default-route", $"sip:[::1]:{uasPort}{parameter}", "--log-level", "Warning"],
        });

        var (uac, uas) = await Sipp.CallAsync(
            Sipp.Uas(directory, uasPort, calls, sippTransport) with { LocalAddress = "::1" },
            Sipp.Uac(directory, uacPort, $"[::1]:{serverPort}", calls, sippTransport) with { LocalAddress = "::1" });

        Sipp.AssertAllSucceeded(uac, calls, "uac");
        Sipp.AssertAllSucceeded(uas, calls, "uas");
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task Udp_With10PercentLossOnBothLegs_EveryCallCompletesThroughRetransmissions()
    {
        // The caller loses 10% of what it sends and receives (sipp -lost 10); the callee leg loses
        // 10% each way in a relay, so the server's own INVITE, BYE and response retransmissions
        // carry the calls. The sipp peers are the transaction-aware UAC and the 200-at-once UAS
        // (see their files): the built-in ones mistake retransmissions under loss.
        const int calls = 150;
        using var directory = new TestDirectory("sipp-lost");
        var (serverPort, uasPort, uacPort, relayPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"])
        {
            Listen = [$"udp:127.0.0.1:{serverPort}"],
            Arguments = ["--auth", "off", "--default-route", $"sip:127.0.0.1:{relayPort}", "--log-level", "Warning"],
        });
        await using var lossy = new LossyUdpRelay(relayPort, new IPEndPoint(IPAddress.Loopback, uasPort), loss: 0.10, seed: 4475);
        var callee = Sipp.Uas(directory, uasPort, calls) with { Scenario = ["-sf", Sipp.Scenario("uas-answer.xml")] };
        var caller = Sipp.Uac(directory, uacPort, $"127.0.0.1:{serverPort}", calls, "u1", "-lost", "10") with
        {
            Scenario = ["-sf", Sipp.Scenario("uac-transactions.xml"), $"127.0.0.1:{serverPort}"],
        };

        var (uac, uas) = await Sipp.CallAsync(callee, caller);

        Sipp.AssertAllSucceeded(uac, calls, "uac");
        Sipp.AssertAllSucceeded(uas, calls, "uas");
        Assert.True(lossy.Dropped > 0, "the relay lost nothing");
        Assert.Equal(0, await server.StopAsync());
    }

    private static async Task<TestProcess> StartRelayAsync(int port, string[] addresses)
    {
        var relay = TestProcess.Start("socat", addresses);
        try
        {
            await ListeningPorts.WaitAsync("tcp", port, TimeSpan.FromSeconds(20), relay);
            return relay;
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }
}
