using System.Text.Json;
using Bridgehead.Testing;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Relay;

/// <summary>
/// Headless Debian Chromium as a WebRTC peer (Chromium/relay-peer.js through playwright-core):
/// one RTCPeerConnection with fake-device audio, driven by JSON lines on stdin and stdout. Started
/// per test and stopped by its process id; every read is bounded.
/// </summary>
internal sealed class ChromiumPeer : IAsyncDisposable
{
    private readonly TestProcess _node;
    private int _received;

    private ChromiumPeer(TestProcess node) => _node = node;

    /// <summary>What node and Chromium wrote (stdout and stderr).</summary>
    public string Log => _node.Output.Text;

    /// <summary>Starts the peer; fails with what to install when Chromium or the npm package is missing.</summary>
    public static ChromiumPeer Start(string mode)
    {
        var folder = Path.Combine(TestVectors.RepositoryRoot(), "tests", "Bridgehead.InteropTests", "Relay", "Chromium");
        var chromium = Programs.Find("chromium", "chromium");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")))
        {
            throw new InvalidOperationException($"playwright-core is not installed in {folder}: run 'npm ci' there (scripts/test.sh does).");
        }

        return new ChromiumPeer(TestProcess.Start(Programs.Find("node", "nodejs"), ["relay-peer.js", mode], folder, new Dictionary<string, string?> { ["CHROMIUM"] = chromium }));
    }

    public Task SendAsync(string key, string sdp) =>
        _node.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string> { [key] = sdp }));

    /// <summary>The next message's property, or a failure carrying the peer's log.</summary>
    public async Task<JsonElement> ReceiveAsync(string key, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var exited = _node.HasExited;
            if (exited)
            {
                // Lets the output readers take in what it printed last.
                await _node.TryWaitForExitAsync(TimeSpan.FromSeconds(1));
            }

            if (Messages().Skip(_received).FirstOrDefault() is { ValueKind: JsonValueKind.Object } message)
            {
                _received++;
                return message.TryGetProperty(key, out var value)
                    ? value
                    : throw new Xunit.Sdk.XunitException($"Chromium peer sent {message} instead of '{key}'\n{Log}");
            }

            if (exited || DateTime.UtcNow >= deadline)
            {
                throw new Xunit.Sdk.XunitException($"No '{key}' from the Chromium peer within {timeout}{(exited ? $" (node exited with {_node.ExitCode})" : "")}\n{Log}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGTERM to node, which closes Chromium on its way out; then SIGKILL to whatever is left, Chromium included.</summary>
    public async ValueTask DisposeAsync()
    {
        await _node.StopWithDescendantsAsync(TimeSpan.FromSeconds(10));
        await _node.DisposeAsync();
    }

    // The peer's messages: the lines that are JSON objects (relay-peer.js prints nothing else that starts with '{').
    private IEnumerable<JsonElement> Messages()
    {
        foreach (var line in _node.Output.Lines)
        {
            if (line.StartsWith('{') && TryParse(line) is { } message)
            {
                yield return message;
            }
        }
    }

    private static JsonElement? TryParse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
