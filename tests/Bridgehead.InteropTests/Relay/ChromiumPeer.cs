using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Bridgehead.InteropTests.Ng;
using Bridgehead.Testing;

namespace Bridgehead.InteropTests.Relay;

/// <summary>
/// Headless Debian Chromium as a WebRTC peer (Chromium/relay-peer.js through playwright-core):
/// one RTCPeerConnection with fake-device audio, driven by JSON lines on stdin and stdout. Started
/// per test and stopped by its process id; every read is bounded.
/// </summary>
internal sealed class ChromiumPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly System.Text.StringBuilder _errors = new();

    private ChromiumPeer(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && line[0] == '{')
            {
                _messages.Writer.TryWrite(JsonDocument.Parse(line).RootElement.Clone());
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                if (e.Data is not null && _errors.Length < 200_000)
                {
                    _errors.AppendLine(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Log
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Starts the peer; fails with what to install when Chromium or the npm package is missing.</summary>
    public static ChromiumPeer Start(string mode)
    {
        var folder = Path.Combine(TestVectors.RepositoryRoot(), "tests", "Bridgehead.InteropTests", "Relay", "Chromium");
        var chromium = ExternalProcess.Find("chromium", "chromium");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")))
        {
            throw new InvalidOperationException($"playwright-core is not installed in {folder}: run 'npm ci' there (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo(ExternalProcess.Find("node", "nodejs"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add("relay-peer.js");
        start.ArgumentList.Add(mode);
        start.Environment["CHROMIUM"] = chromium;
        return new ChromiumPeer(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
    }

    public async Task SendAsync(string key, string sdp)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string> { [key] = sdp }));
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The next message's property, or a failure carrying the peer's log.</summary>
    public async Task<JsonElement> ReceiveAsync(string key, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var message = await _messages.Reader.ReadAsync(cancel.Token);
            return message.TryGetProperty(key, out var value)
                ? value
                : throw new Xunit.Sdk.XunitException($"Chromium peer sent {message} instead of '{key}'\n{Log}");
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No '{key}' from the Chromium peer within {timeout}\n{Log}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM to node, which closes Chromium on its way out; then whatever is left.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
