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

    private readonly PeerProcess _process;
    private readonly string _data;

    private BridgeheadServer(PeerProcess process, string data, Dictionary<string, int> ports)
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

    public string Log => _process.Output;

    public static async Task<BridgeheadServer> StartAsync(params string[] users)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "bridgehead.dll");
        var data = Path.Combine(Path.GetTempPath(), "bridgehead-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        foreach (var user in users)
        {
            var (code, output) = await PeerProcess.RunAsync("dotnet", data, StartPatience, dll, "user", "--data", data, "add", user, "secret");
            Assert.True(code == 0, $"bridgehead user add {user} failed: {output}");
        }

        // The embedded application node and the management API take free ports (not their fixed
        // defaults), and the node's own SIP listener must not be taken for one of the edge's.
        var nodePort = FreePorts.Next();
        var config = Path.Combine(data, "bridgehead.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "AppNode": { "Listen": "udp:127.0.0.1:{{nodePort}}", "Control": "127.0.0.1:0" },
              "Management": { "Listen": "127.0.0.1:0" }
            }
            """);
        var process = PeerProcess.Start("dotnet", data,
        [
            dll, "run", "--config", config, "--data", data, "--listen", "udp:127.0.0.1:0", "--listen", "ws:127.0.0.1:0", "--listen", "wss:127.0.0.1:0",
            "--log-level", "Debug",
        ]);
        var ports = new Dictionary<string, int>();
        try
        {
            while (ports.Count < 3)
            {
                var line = await process.WaitForLineAsync(
                    l => ListenerLine().Match(l) is { Success: true } m && !ports.ContainsKey(m.Groups[1].Value) && m.Groups[2].Value != nodePort.ToString(CultureInfo.InvariantCulture),
                    StartPatience);
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
