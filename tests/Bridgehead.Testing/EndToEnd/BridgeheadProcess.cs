using System.Net;
using System.Net.Sockets;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>
/// The real server, `dotnet bridgehead.dll run`, as a child process: started with a data folder and
/// flags, counted as started once every listener answers, stopped with SIGTERM (SIGKILL after a
/// grace period) by its process id.
/// </summary>
public sealed class BridgeheadProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    private BridgeheadProcess(TestProcess process, BridgeheadStart start)
    {
        Process = process;
        Start = start;
    }

    public TestProcess Process { get; }

    public BridgeheadStart Start { get; }

    public int Id => Process.Id;

    /// <summary>What the server wrote to its console (stdout and stderr).</summary>
    public ProcessOutput Console => Process.Output;

    /// <summary>The server's own log file.</summary>
    public string LogFile => Path.Combine(Start.DataDirectory, "logs", "bridgehead.log");

    /// <summary>bridgehead.dll of the product build with the tests' configuration (Release under scripts/test.sh).</summary>
    public static string DllPath { get; } = LocateDll();

    /// <summary>Starts the server and waits until every probe listener answers; throws with its console when it exits or hangs.</summary>
    public static async Task<BridgeheadProcess> StartAsync(BridgeheadStart start)
    {
        var server = Launch(start);
        try
        {
            await server.WaitUntilListeningAsync(StartTimeout).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the server without waiting for it (for start-up failures).</summary>
    public static BridgeheadProcess Launch(BridgeheadStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        Directory.CreateDirectory(start.EffectiveWorkingDirectory);
        var process = TestProcess.Start(DotnetHost(), [DllPath, .. start.CommandLine()], start.EffectiveWorkingDirectory, start.EnvironmentVariables());
        return new BridgeheadProcess(process, start);
    }

    /// <summary>Runs another bridgehead command (user add, ...) to completion.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        await using var process = TestProcess.Start(DotnetHost(), [DllPath, .. arguments], workingDirectory);
        var code = await process.WaitForExitAsync(timeout).ConfigureAwait(false);
        return (code, process.Output.Text);
    }

    /// <summary>Waits for the exit of a server that stops by itself (a configuration error).</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => Process.WaitForExitAsync(timeout);

    /// <summary>SIGTERM (or <paramref name="signal"/>), SIGKILL after <see cref="StopGrace"/>; the exit code.</summary>
    public Task<int> StopAsync(string signal = "TERM") => Process.StopAsync(StopGrace, signal);

    /// <summary>kill -9: no chance to flush anything.</summary>
    public Task KillAsync() => Process.KillAsync();

    public async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var probe in Start.EffectiveProbes)
        {
            var (scheme, endPoint) = ProbeTarget(probe);
            while (!await AnswersAsync(scheme, endPoint).ConfigureAwait(false))
            {
                if (Process.HasExited)
                {
                    throw new InvalidOperationException($"bridgehead exited with {Process.ExitCode} before {probe} answered; console:\n{Console.Tail(60)}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"bridgehead did not answer on {probe} within {timeout.TotalSeconds:0} s; console:\n{Console.Tail(60)}");
                }

                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            await StopAsync().ConfigureAwait(false);
        }

        await Process.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>"udp:127.0.0.1:5070" → (udp, 127.0.0.1:5070); wildcard addresses are probed on loopback.</summary>
    public static (string Scheme, IPEndPoint EndPoint) ProbeTarget(string listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var text = listen.Split(" as ", 2)[0].Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = text[..colon].ToLowerInvariant();
        var endPoint = IPEndPoint.Parse(text[(colon + 1)..]);
        if (endPoint.Address.Equals(IPAddress.Any))
        {
            endPoint.Address = IPAddress.Loopback;
        }
        else if (endPoint.Address.Equals(IPAddress.IPv6Any))
        {
            endPoint.Address = IPAddress.IPv6Loopback;
        }

        return (scheme, endPoint);
    }

    private static async Task<bool> AnswersAsync(string scheme, IPEndPoint endPoint)
    {
        try
        {
            if (scheme == "udp")
            {
                await using var client = new UdpSipClient(endPoint);
                var host = endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]:{endPoint.Port}" : endPoint.ToString();
                await client.SendAsync(SipRequestText.Options(client, $"sip:{host}", SipRequestText.NewCallId())).ConfigureAwait(false);
                return await client.ReceiveAsync(TimeSpan.FromMilliseconds(300)).ConfigureAwait(false) is not null;
            }

            using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await socket.ConnectAsync(endPoint, cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return !string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : "dotnet";
    }

    private static string LocateDll()
    {
        // bin/<Configuration>/net10.0 of the test assembly names the configuration of this build.
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = output.Parent?.Name ?? "Release";
        var product = Path.Combine(TestVectors.RepositoryRoot(), "src", "Bridgehead", "bin", configuration, output.Name, "bridgehead.dll");
        if (File.Exists(product))
        {
            return product;
        }

        var copy = Path.Combine(AppContext.BaseDirectory, "bridgehead.dll");
        return File.Exists(copy) ? copy : throw new FileNotFoundException($"bridgehead.dll is neither at {product} nor next to the tests; build the solution first");
    }
}
