using System.Diagnostics;
using System.Globalization;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>Stopping a child process by its process id: a signal, SIGKILL after a grace period, and optionally what it forked.</summary>
public sealed partial class TestProcess
{
    /// <summary>Sends a signal (TERM, INT, KILL) to this process id with kill(1).</summary>
    public async Task SignalAsync(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, Id.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        })!;
        await kill.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>SIGTERM (or <paramref name="signal"/>), then SIGKILL when the process has not exited within <paramref name="grace"/>. Returns the exit code.</summary>
    public Task<int> StopAsync(TimeSpan grace, string signal = "TERM") => StopAsync(grace, signal, []);

    /// <summary>
    /// As <see cref="StopAsync(TimeSpan, string)"/>, and then SIGKILL to every process it had forked
    /// that is still there (Kamailio's workers, node's Chromium), each by its own process id. The
    /// family is read before the signal: once the parent is gone its children belong to init.
    /// </summary>
    public Task<int> StopWithDescendantsAsync(TimeSpan grace, string signal = "TERM") =>
        StopAsync(grace, signal, _process.HasExited ? [] : ProcessTree.Descendants(Id));

    /// <summary>SIGKILL by process id (and to its descendants when asked), then waits for the exit.</summary>
    public async Task KillAsync(bool withDescendants = false)
    {
        var family = withDescendants && !_process.HasExited ? ProcessTree.Descendants(Id) : [];
        await KillAndWaitAsync(family).ConfigureAwait(false);
    }

    private async Task<int> StopAsync(TimeSpan grace, string signal, IReadOnlyList<ProcessTree.Member> family)
    {
        await SignalAsync(signal).ConfigureAwait(false);
        if (await WaitForExitWithoutDrainAsync(grace).ConfigureAwait(false))
        {
            ProcessTree.Kill(family);
            await DrainAsync().ConfigureAwait(false);
        }
        else
        {
            await KillAndWaitAsync(family).ConfigureAwait(false);
        }

        return _process.ExitCode;
    }

    private async Task KillAndWaitAsync(IReadOnlyList<ProcessTree.Member> family)
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        ProcessTree.Kill(family);
        if (!await WaitForExitWithoutDrainAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false))
        {
            throw new TimeoutException($"'{Description}' (pid {Id}) did not end within 10 s of SIGKILL");
        }

        await DrainAsync().ConfigureAwait(false);
    }
}
