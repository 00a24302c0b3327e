using System.Globalization;
using System.Net.Http.Headers;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.Management;

/// <summary>
/// `bridgehead run` on loopback with a WSS listener (the web phone's port), the management API and
/// the embedded node, all on free ports, authentication off. Shared by the tests of one class.
/// </summary>
public sealed class WebEdgeFixture : IAsyncLifetime
{
    private TestProcess? _server;

    public string Folder { get; } = Directory.CreateTempSubdirectory("bridgehead-web-").FullName;

    public int SipPort { get; } = FreePorts.Next();

    public int WssPort { get; } = FreePorts.Next();

    public int ManagementPort { get; } = FreePorts.Next();

    public string Token { get; private set; } = "";

    public string Output => _server?.Output.Text ?? "";

    public Uri WebUrl => new($"https://127.0.0.1:{WssPort}/");

    public Uri WssUrl => new($"wss://127.0.0.1:{WssPort}/");

    public Uri ManagementUrl => new($"http://127.0.0.1:{ManagementPort}/");

    public async ValueTask InitializeAsync()
    {
        var rtp = 42000 + (Random.Shared.Next(0, 100) * 100);
        var environment = new Dictionary<string, string?>
        {
            ["BRIDGEHEAD_AppNode__Listen"] = $"udp:127.0.0.1:{FreePorts.Next()}",
            ["BRIDGEHEAD_AppNode__Edge"] = $"sip:127.0.0.1:{SipPort}",
            ["BRIDGEHEAD_AppNode__Control"] = "127.0.0.1:0",
            ["BRIDGEHEAD_AppNode__RtpPortMin"] = rtp.ToString(CultureInfo.InvariantCulture),
            ["BRIDGEHEAD_AppNode__RtpPortMax"] = (rtp + 99).ToString(CultureInfo.InvariantCulture),
        };
        _server = TestProcess.Start(
            "dotnet",
            [BridgeheadProcess.DllPath, "run", "--listen", $"udp:127.0.0.1:{SipPort}", "--listen", $"wss:127.0.0.1:{WssPort}", "--auth", "off",
                "--management", $"127.0.0.1:{ManagementPort}", "--data", Path.Combine(Folder, "data")],
            Folder,
            environment);
        // The embedded node's host says "Application started" too, before the edge's listeners are up.
        await _server.Output.WaitForAsync("Application started", TimeSpan.FromSeconds(60));
        await AcceptsAsync(WssPort);
        await AcceptsAsync(ManagementPort);
        Token = (await File.ReadAllTextAsync(Path.Combine(Folder, "data", "management.token"), TestContext.Current.CancellationToken)).Trim();
    }

    private static async Task AcceptsAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try
            {
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port, TestContext.Current.CancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>A client of the WSS port that accepts the server's generated certificate; with the token when asked.</summary>
    public HttpClient Web(bool token = false)
    {
#pragma warning disable CA5359, CA2000 // The server's certificate is self-signed, generated on first start; the handler is owned by the client.
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true, AllowAutoRedirect = false };
#pragma warning restore CA5359, CA2000
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = WebUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (token)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        return client;
    }

    /// <summary>A client of the management endpoint, with the token.</summary>
    public HttpClient Management()
    {
        var client = new HttpClient { BaseAddress = ManagementUrl, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(Folder, recursive: true);
    }
}
