using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bridgehead.IntegrationTests.AppNode;

/// <summary>A real peer (sipp, the bridgehead executable) started by a test, bounded in time and stopped by its own pid.</summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PeerProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string Find(string program, string debianPackage) =>
        new[] { "/usr/bin", "/usr/local/bin", "/usr/sbin" }.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{program} is not installed: apt-get install --no-install-recommends {debianPackage} (the test command does this).");

    public static PeerProcess Start(string file, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var peer = new PeerProcess(process);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>sipp with the options every test wants: loopback, no stdin, bounded.</summary>
    public static PeerProcess Sipp(string workingDirectory, params string[] arguments) =>
        Start(Find("sipp", "sip-tester"), [.. arguments, "-i", "127.0.0.1", "-nostdin", "-timeout", "25s", "-timeout_error"], workingDirectory);

    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        for (var waited = TimeSpan.Zero; waited < timeout && !Output.Contains(text, StringComparison.Ordinal); waited += TimeSpan.FromMilliseconds(100))
        {
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            if (await WaitForExitAsync(TimeSpan.FromSeconds(5)) is null)
            {
                _process.Kill();
                await WaitForExitAsync(TimeSpan.FromSeconds(5));
            }
        }

        _process.Dispose();
    }

    /// <summary>A UDP port nobody uses now (bound and released; good enough on a quiet loopback).</summary>
    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 1_000_000)
            {
                _output.AppendLine(line);
            }
        }
    }
}
