using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.Server;

/// <summary>`bridgehead run`: its defaults, its data folder, and a clean stop on SIGTERM or Ctrl-C.</summary>
[Collection(ServerProcesses.Name)]
public sealed class RunCommandTests
{
    private static readonly IPEndPoint Sip = new(IPAddress.Loopback, 5060);
    private static readonly IPEndPoint Sips = new(IPAddress.Loopback, 5061);

    // Kestrel's warning when it is given an address as well as endpoints of its own.
    private const string KestrelOverridesAddress = "Overriding address(es)";

    [Fact]
    public async Task Run_WithNoArguments_ServesUdpTcpAndTlsAndKeepsItsFilesInTheDataFolder()
    {
        using var directory = new TestDirectory("defaults");
        var data = directory["data"];
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(data) { DataFlag = false, WorkingDirectory = directory.Path });

        var udp = await SipProbe.UdpOptionsAsync(Sip);
        var tcp = await SipProbe.TcpOptionsAsync(Sip);
        await using var tlsClient = await TcpSipClient.ConnectTlsAsync(Sips, Patience.Answer);
        var tls = await SipProbe.OptionsAsync(tlsClient, Sips);

        Assert.Equal(200, udp.StatusCode);
        Assert.Contains("REGISTER", udp.Header("Allow") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(200, tcp.StatusCode);
        Assert.Equal(200, tls.StatusCode);

        // A self-signed certificate generated into ./data on first start, and presented on 5061.
        using var generated = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(data, "sip-tls.crt"));
        Assert.Equal(generated.Thumbprint, tlsClient.RemoteCertificate!.Thumbprint);
        Assert.Equal(generated.Subject, generated.Issuer);
        Assert.True(new FileInfo(Path.Combine(data, "bridgehead.db")).Length > 0);
        Assert.Contains(server.Console.Lines, l => l.Contains("SIP listener", StringComparison.Ordinal));

        Assert.Equal(0, await server.StopAsync());
        Assert.DoesNotContain(server.Console.Lines, l => l.Contains(KestrelOverridesAddress, StringComparison.Ordinal));

        Assert.True(await SipProbe.UdpIsSilentAsync(Sip));
        await Assert.ThrowsAnyAsync<SocketException>(() => TcpSipClient.ConnectAsync(Sip, Patience.Answer));
        var log = await File.ReadAllTextAsync(server.LogFile, TestContext.Current.CancellationToken);
        Assert.Contains("SIP listener", log, StringComparison.Ordinal);
        Assert.Contains("Storage ready: SQLite", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:0")]
    [InlineData("off")]
    public async Task Run_UdpListenerOnly_KestrelNeitherWarnsNorTakesItsDefaultPort5000(string management)
    {
        using var directory = new TestDirectory("udp-only");
        var port = FreePorts.Next();
        await using var server = await BridgeheadProcess.StartAsync(new BridgeheadStart(directory["data"])
        {
            Listen = [$"udp:127.0.0.1:{port}"],
            Settings = new Dictionary<string, string> { ["Management:Listen"] = management, ["AppNode:Control"] = "off" },
        });
        Assert.Equal(200, (await SipProbe.UdpOptionsAsync(new IPEndPoint(IPAddress.Loopback, port))).StatusCode);

        // Stopped first: every line of the start is in by then.
        Assert.Equal(0, await server.StopAsync());

        var lines = server.Console.Lines;
        Assert.DoesNotContain(lines, l => l.Contains(KestrelOverridesAddress, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("No listening endpoints were configured", StringComparison.Ordinal));
        const string listening = "Now listening on: ";
        var urls = lines.Where(l => l.Contains(listening, StringComparison.Ordinal))
            .Select(l => new Uri(l[(l.IndexOf(listening, StringComparison.Ordinal) + listening.Length)..].Trim()))
            .ToList();
        Assert.NotEmpty(urls);
        Assert.All(urls, u =>
        {
            Assert.Equal("127.0.0.1", u.Host);
            Assert.NotEqual(5000, u.Port);
        });
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Run_Signal_StopsWithExitCodeZeroAndReusesItsCertificateNextTime(string signal)
    {
        using var directory = new TestDirectory("signal");
        var port = FreePorts.Next();
        var start = new BridgeheadStart(directory["data"]) { Listen = [$"tls:127.0.0.1:{port}", $"udp:127.0.0.1:{port}"] };
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        string first;
        await using (var server = await BridgeheadProcess.StartAsync(start))
        {
            await using (var client = await TcpSipClient.ConnectTlsAsync(endPoint, Patience.Answer))
            {
                first = client.RemoteCertificate!.Thumbprint;
            }

            var code = await server.StopAsync(signal);
            Assert.True(code == 0, $"exit code {code}; console:\n{server.Console.Tail(30)}");
            Assert.Contains(server.Console.Lines, l => l.Contains("Application is shutting down", StringComparison.Ordinal));
            Assert.DoesNotContain(server.Console.Lines, l => l.Contains("Unhandled exception", StringComparison.Ordinal));
        }

        await using var again = await BridgeheadProcess.StartAsync(start);
        await using var second = await TcpSipClient.ConnectTlsAsync(endPoint, Patience.Answer);
        Assert.Equal(first, second.RemoteCertificate!.Thumbprint);
        Assert.Equal(200, (await SipProbe.UdpOptionsAsync(endPoint)).StatusCode);

        // The TLS connection is still open: it must not hold the stop (Kestrel would wait 30 s for it).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, await again.StopAsync());
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.True(await second.WaitForCloseAsync(Patience.Answer));
    }
}
