using System.Diagnostics;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>
/// A child process of a test (the server, sipp, socat, kamailio, node, openssl): output captured
/// line by line, standard input open for peers driven through it, stopped by its process id — a
/// signal first, SIGKILL when it does not go — and never left running, nor what it forked.
/// </summary>
public sealed partial class TestProcess : IAsyncDisposable
{
    private static readonly TimeSpan DrainPatience = TimeSpan.FromSeconds(5);

    private readonly Process _process;

    private TestProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    public int Id => _process.Id;

    /// <summary>The command line, for failure messages.</summary>
    public string Description { get; }

    public string WorkingDirectory => _process.StartInfo.WorkingDirectory;

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

    /// <summary>Runs a command to its end with its standard input closed; on timeout kills it and throws.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        await using var process = Start(fileName, arguments, workingDirectory, environment);
        process.CloseInput();
        var code = await process.WaitForExitAsync(timeout).ConfigureAwait(false);
        return (code, process.Output.Text);
    }

    /// <summary>Waits for the exit; on timeout kills the process (SIGKILL) and throws.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (await TryWaitForExitAsync(timeout, cancellationToken).ConfigureAwait(false) is { } code)
        {
            return code;
        }

        await KillAsync().ConfigureAwait(false);
        throw new TimeoutException($"'{Description}' (pid {Id}) did not exit within {timeout.TotalSeconds:0.#} s and was killed; output:\n{Output.Tail(60)}");
    }

    /// <summary>The exit code, or null (the process left running) when it has not exited within <paramref name="timeout"/>.</summary>
    public async Task<int?> TryWaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!await WaitForExitWithoutDrainAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await DrainAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>The first output line that matches, waiting up to <paramref name="timeout"/>; fails at once when the process exits without printing it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what = "the expected line", CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var exited = _process.HasExited;
            if (exited)
            {
                await DrainAsync().ConfigureAwait(false);
            }

            if (Output.Lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (exited)
            {
                throw new InvalidOperationException($"'{Description}' (pid {Id}) exited with {ExitCode} before printing {what}; output:\n{Output.Tail(60)}");
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"'{Description}' (pid {Id}) did not print {what} within {timeout.TotalSeconds:0.#} s; output:\n{Output.Tail(60)}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync(withDescendants: true).ConfigureAwait(false);
        }

        _process.Dispose();
    }

    // Process.WaitForExitAsync also waits for the end of the output pipes, which a forked child
    // may hold open: this waits for the process alone.
    private async Task<bool> WaitForExitWithoutDrainAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_process.HasExited)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    // The exit is seen before the last output lines: let the readers reach the end of the pipes,
    // but not for ever (a forked child may still hold them).
    private async Task DrainAsync()
    {
        using var cts = new CancellationTokenSource(DrainPatience);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
