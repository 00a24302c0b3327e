using System.Diagnostics;
using System.Text;

namespace Bridgehead.InteropTests.Dtls;

/// <summary>
/// The openssl command line as a child process: output collected line by line (stdout and stderr
/// together), waited on with a deadline, and killed by its process id when the test is done.
/// Standard input stays open, since s_server and s_client end the connection at end of input.
/// </summary>
internal sealed class OpenSslProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OpenSslProcess(Process process)
    {
        _process = process;
    }

    public int ProcessId => _process.Id;

    /// <summary>All output so far.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static OpenSslProcess Start(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var openssl = new OpenSslProcess(process);
        process.OutputDataReceived += (_, e) => openssl.Append(e.Data);
        process.ErrorDataReceived += (_, e) => openssl.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return openssl;
    }

    /// <summary>Runs a short openssl command to its end and returns its output.</summary>
    public static async Task<string> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        await using var openssl = Start(workingDirectory, arguments);
        openssl.CloseInput();
        using var deadline = new CancellationTokenSource(timeout);
        await openssl._process.WaitForExitAsync(deadline.Token);
        await openssl._process.WaitForExitAsync(CancellationToken.None); // drains the output readers
        if (openssl._process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} exited with {openssl._process.ExitCode}: {openssl.Output}");
        }

        return openssl.Output;
    }

    /// <summary>Waits for the first output line that satisfies <paramref name="match"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var seen = 0;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (match(_lines[seen]))
                    {
                        return _lines[seen];
                    }
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"openssl (pid {ProcessId}) printed no matching line within {timeout}:\n{Output}");
            }
        }
    }

    /// <summary>Ends standard input: s_client and s_server then close the connection (close_notify).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_lock)
        {
            _lines.Add(line);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>The PEM block that follows <paramref name="heading"/> in the output (s_server prints "Client certificate", s_client "Server certificate").</summary>
    public string PemAfter(string heading)
    {
        var text = Output;
        var start = text.IndexOf(heading, StringComparison.Ordinal);
        var begin = text.IndexOf("-----BEGIN CERTIFICATE-----", start < 0 ? 0 : start, StringComparison.Ordinal);
        const string endMarker = "-----END CERTIFICATE-----";
        var end = text.IndexOf(endMarker, Math.Max(begin, 0), StringComparison.Ordinal);
        if (start < 0 || begin < 0 || end < 0)
        {
            throw new InvalidOperationException($"no certificate after '{heading}' in:\n{text}");
        }

        return new StringBuilder(text[begin..(end + endMarker.Length)]).Append('\n').ToString();
    }
}
