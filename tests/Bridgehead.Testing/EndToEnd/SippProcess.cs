using System.Globalization;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>One sipp (sip-tester) run: what it plays and where, always bounded by -m and -timeout.</summary>
public sealed record SippRun
{
    /// <summary>A short name for its files (statistics, errors, messages).</summary>
    public required string Name { get; init; }

    /// <summary>The scenario and its peer: ["-sn", "uac", "127.0.0.1:5060"], ["-sf", "register.xml", ...].</summary>
    public required IReadOnlyList<string> Scenario { get; init; }

    public required int LocalPort { get; init; }

    public string LocalAddress { get; init; } = "127.0.0.1";

    /// <summary>-t: u1 (UDP, one socket), t1 (TCP, one connection), tn (TCP, one per call).</summary>
    public string Transport { get; init; } = "u1";

    /// <summary>-m: sipp stops after this many calls.</summary>
    public int Calls { get; init; } = 1;

    /// <summary>-timeout: sipp gives up (and fails) after this long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Other options (-r, -l, -d, -lost, -au, -ap, -s, -key ...).</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>-trace_msg: every message to a file (small runs only).</summary>
    public bool TraceMessages { get; init; }

    public required string WorkingDirectory { get; init; }
}

/// <summary>How a sipp run ended: exit code (0 = every call succeeded) and the call counters of its statistics file.</summary>
public sealed record SippResult(int ExitCode, long SuccessfulCalls, long FailedCalls, string Output, string Errors, string Messages)
{
    /// <summary>Everything useful when a test fails.</summary>
    public string Describe() =>
        $"exit {ExitCode}, {SuccessfulCalls} successful, {FailedCalls} failed\n--- errors ---\n{Tail(Errors, 4000)}\n--- messages ---\n{Tail(Messages, 6000)}\n--- output ---\n{Tail(Output, 3000)}";

    private static string Tail(string text, int max) => text.Length <= max ? text : "…" + text[^max..];
}

/// <summary>A running sipp, stopped by its process id if it outlives the test's patience.</summary>
public sealed class SippProcess : IAsyncDisposable
{
    private readonly SippRun _run;
    private readonly TestProcess _process;

    private SippProcess(SippRun run, TestProcess process)
    {
        _run = run;
        _process = process;
    }

    public int Id => _process.Id;

    public TestProcess Process => _process;

    public static SippProcess Start(SippRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(run.WorkingDirectory);
        var args = new List<string>(run.Scenario)
        {
            "-i", run.LocalAddress,
            "-p", run.LocalPort.ToString(CultureInfo.InvariantCulture),
            "-t", run.Transport,
            "-m", run.Calls.ToString(CultureInfo.InvariantCulture),
            "-timeout", ((int)Math.Ceiling(run.Timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s",
            "-timeout_error",
            "-nostdin",
            "-mp", FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            "-trace_stat", "-stf", StatFile(run),
            "-trace_err", "-error_file", ErrorFile(run),
        };
        if (run.TraceMessages)
        {
            args.AddRange(["-trace_msg", "-message_file", MessageFile(run)]);
        }

        args.AddRange(run.Options);
        return new SippProcess(run, TestProcess.Start("sipp", args, run.WorkingDirectory));
    }

    /// <summary>Waits for sipp to finish by itself (its -timeout is the real bound); kills it after <paramref name="processTimeout"/>.</summary>
    public async Task<SippResult> WaitAsync(TimeSpan processTimeout)
    {
        var code = await _process.WaitForExitAsync(processTimeout).ConfigureAwait(false);
        var (successful, failed) = ReadCounters(StatFile(_run));
        return new SippResult(code, successful, failed, _process.Output.Text, ReadAll(ErrorFile(_run)), ReadAll(MessageFile(_run)));
    }

    public async ValueTask DisposeAsync() => await _process.DisposeAsync().ConfigureAwait(false);

    private static string StatFile(SippRun run) => Path.Combine(run.WorkingDirectory, run.Name + "-stat.csv");

    private static string ErrorFile(SippRun run) => Path.Combine(run.WorkingDirectory, run.Name + "-errors.log");

    private static string MessageFile(SippRun run) => Path.Combine(run.WorkingDirectory, run.Name + "-messages.log");

    private static string ReadAll(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;

    // The statistics file is ';'-separated with a header row; the last row is the final dump.
    private static (long Successful, long Failed) ReadCounters(string path)
    {
        if (!File.Exists(path))
        {
            return (-1, -1);
        }

        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length < 2)
        {
            return (-1, -1);
        }

        var names = lines[0].Split(';');
        var values = lines[^1].Split(';');
        return (Counter(names, values, "SuccessfulCall(C)"), Counter(names, values, "FailedCall(C)"));
    }

    private static long Counter(string[] names, string[] values, string name)
    {
        var i = Array.IndexOf(names, name);
        return i >= 0 && i < values.Length && long.TryParse(values[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }
}
