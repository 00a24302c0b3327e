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

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        process.Dispose();
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
