using System.Diagnostics;
using System.Text;

namespace Bridgehead.InteropTests.Ng;

/// <summary>
/// A peer program started by a test: output captured (bounded), waited for with a timeout,
/// and stopped by its own process id when the test is done.
/// </summary>
internal sealed class ExternalProcess : IAsyncDisposable
{
    private static readonly string[] SearchPath = ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"];

    private readonly StringBuilder output = new();
    private readonly Process process;

    private ExternalProcess(Process process) => this.process = process;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The full path of a program, or a failure that says which Debian package provides it.</summary>
    public static string Find(string program, string debianPackage)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(SearchPath);
        return dirs.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"{program} is not installed. This interop test drives a real {program}: install the Debian package {debianPackage} " +
                $"(apt-get install --no-install-recommends {debianPackage}); the test command is expected to do this.");
    }

    public static ExternalProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var external = new ExternalProcess(process);
        process.ErrorDataReceived += (_, e) => external.Append(e.Data);
        process.OutputDataReceived += (_, e) => external.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return external;
    }

    /// <summary>The exit code, or null if the process is still running after the timeout.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Stops the process and everything it forked (Kamailio runs its workers as children):
    /// SIGTERM first so it can take its workers down, then SIGKILL to whatever is left, each by
    /// its own process id.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            var family = Descendants(process.Id);
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            if (await WaitForExitAsync(TimeSpan.FromSeconds(5)) is null)
            {
                process.Kill();
                await WaitForExitAsync(TimeSpan.FromSeconds(5));
            }

            foreach (var (pid, name) in family)
            {
                KillIfStill(pid, name);
            }
        }

        process.Dispose();
    }

    /// <summary>Child processes, grandchildren and so on, from /proc (pid and command name).</summary>
    private static List<(int Pid, string Name)> Descendants(int root)
    {
        var parents = new Dictionary<int, (int Parent, string Name)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                // pid (comm) state ppid …; comm may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                parents[pid] = (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), stat[(open + 1)..close]);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        var result = new List<(int, string)>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0 && result.Count < 1000)
        {
            var parent = queue.Dequeue();
            foreach (var (pid, info) in parents)
            {
                if (info.Parent == parent)
                {
                    result.Add((pid, info.Name));
                    queue.Enqueue(pid);
                }
            }
        }

        return result;
    }

    private static void KillIfStill(int pid, string name)
    {
        try
        {
            using var child = Process.GetProcessById(pid);
            if (!child.HasExited && child.ProcessName == name)
            {
                child.Kill();
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Exited in between.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 1_000_000)
            {
                output.AppendLine(line);
            }
        }
    }
}
