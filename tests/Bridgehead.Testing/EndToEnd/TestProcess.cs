using System.Diagnostics;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>
/// A child process of a test (the server, sipp, socat): output captured line by line, stopped by
/// its process id — a signal first, SIGKILL when it does not go — and never left running.
/// </summary>
public sealed class TestProcess : IAsyncDisposable
{
    private readonly Process _process;

    private TestProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    public int Id => _process.Id;

    /// <summary>The command line, for failure messages.</summary>
    public string Description { get; }

    public ProcessOutput Output { get; } = new();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static TestProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        // Hermetic: no Bridgehead setting leaks in from the environment the tests run in.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("BRIDGEHEAD_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var result = new TestProcess(process, $"{fileName} {string.Join(' ', info.ArgumentList)}");
        process.OutputDataReceived += (_, e) => result.Output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => result.Output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Waits for the exit; on timeout kills the process (SIGKILL) and throws.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAsync().ConfigureAwait(false);
            throw new TimeoutException($"'{Description}' (pid {Id}) did not exit within {timeout.TotalSeconds:0.#} s and was killed; output:\n{Output.Tail(60)}");
        }

        // The exit is seen before the last output lines: let the readers drain.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends a signal (TERM, INT, KILL) to this process id with kill(1).</summary>
    public async Task SignalAsync(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        })!;
        await kill.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>SIGTERM, then SIGKILL when the process has not exited within <paramref name="grace"/>. Returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan grace, string signal = "TERM")
    {
        await SignalAsync(signal).ConfigureAwait(false);
        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAsync().ConfigureAwait(false);
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL by process id, then waits for the exit.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }
}
