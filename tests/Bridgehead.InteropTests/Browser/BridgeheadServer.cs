using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Browser;

/// <summary>
/// `bridgehead run` as a child process on loopback with ephemeral UDP, WS and WSS ports (learnt from
/// its log), digest authentication on, and the given subscribers.
/// </summary>
internal sealed partial class BridgeheadServer : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);

    private readonly TestProcess _process;
    private readonly string _data;

    private BridgeheadServer(TestProcess process, string data, Dictionary<string, int> ports)
    {
        _process = process;
        _data = data;
        Ports = ports;
    }

    public IReadOnlyDictionary<string, int> Ports { get; }

    public int UdpPort => Ports["Udp"];

    public string WsUrl => $"ws://127.0.0.1:{Ports["Ws"]}";

    public string WssUrl => $"wss://127.0.0.1:{Ports["Wss"]}";

    public IPEndPoint UdpEndPoint => new(IPAddress.Loopback, UdpPort);

    public string Log => _process.Output.Text;

    public static Task<BridgeheadServer> StartAsync(params string[] users) => StartAsync(users, string.Empty);

    /// <summary>
    /// The same, with more settings sections (<paramref name="settings"/>, written as JSON members such
    /// as <c>"Media": { "Mode": "external" }</c>) and command-line arguments (a default route).
    /// </summary>
    public static async Task<BridgeheadServer> StartAsync(string[] users, string settings, params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "bridgehead.dll");
        var data = Path.Combine(Path.GetTempPath(), "bridgehead-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        foreach (var user in users)
        {
            var (code, output) = await TestProcess.RunAsync("dotnet", [dll, "user", "--data", data, "add", user, "secret"], data, StartPatience);
            Assert.True(code == 0, $"bridgehead user add {user} failed: {output}");
        }

        // Both clients know only MD5, and each answers a different one of several challenges:
        // baresip 1.0 the first (ENOSYS on SHA-256), JsSIP 3.13 the last. Offer MD5 alone.
        var config = Path.Combine(data, "bridgehead.json");
        // Servers of test classes that run at the same time must not fight over the fixed ports of
        // the application node, its control endpoint and the management API.
        var appNodePort = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var isolating = "\"AppNode\": { \"Listen\": \"udp:127.0.0.1:" + appNodePort
            + "\", \"Control\": \"127.0.0.1:0\" }, \"Management\": { \"Listen\": \"127.0.0.1:0\" }";
        await File.WriteAllTextAsync(config, $$"""{ "Auth": { "Algorithms": [ "MD5" ] }, {{isolating}}{{(settings.Length > 0 ? ", " + settings : "")}} }""");
        var process = TestProcess.Start("dotnet",
        [
            dll, "run", "--config", config, "--data", data, "--listen", "udp:127.0.0.1:0", "--listen", "ws:127.0.0.1:0", "--listen", "wss:127.0.0.1:0",
            "--log-level", "Debug", .. arguments,
        ], data);
        var ports = new Dictionary<string, int>();
        try
        {
            while (ports.Count < 3)
            {
                // The application node logs its own SIP listener too: its port is not the edge's.
                var line = await process.WaitForLineAsync(
                    l => ListenerLine().Match(l) is { Success: true } m && !ports.ContainsKey(m.Groups[1].Value) && m.Groups[2].Value != appNodePort, StartPatience);
                var match = ListenerLine().Match(line);
                ports[match.Groups[1].Value] = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new BridgeheadServer(process, data, ports);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"SIP listener \d+: (\w+) on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListenerLine();
}
