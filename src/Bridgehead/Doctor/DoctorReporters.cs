using System.Globalization;
using System.Text.Json;

namespace Bridgehead.Doctor;

/// <summary>Where step results go as they happen.</summary>
internal interface IDoctorReporter
{
    void Started(string step);

    void Finished(StepResult result);

    void Completed(IReadOnlyList<StepResult> results);
}

/// <summary>
/// The terminal report: a line per step, PASS/FAIL/SKIP with its time and the evidence; while a
/// step runs, a progress line with its name and elapsed time (only when stdout is a terminal).
/// </summary>
internal sealed class ConsoleReporter : IDoctorReporter, IDisposable
{
    private readonly TextWriter _out;
    private readonly bool _interactive;
    private readonly Lock _lock = new();
    private Timer? _ticker;
    private string? _current;
    private DateTime _startedAt;

    public ConsoleReporter(TextWriter output, bool interactive)
    {
        _out = output;
        _interactive = interactive;
    }

    public void Started(string step)
    {
        lock (_lock)
        {
            _current = step;
            _startedAt = DateTime.UtcNow;
            if (_interactive)
            {
                _ticker ??= new Timer(_ => Tick(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
            }
        }
    }

    public void Finished(StepResult result)
    {
        lock (_lock)
        {
            _current = null;
            if (_interactive)
            {
                _out.Write("\r\u001b[2K");
            }

            var (mark, color) = result.Outcome switch
            {
                StepOutcome.Pass => ("PASS", "\u001b[32m"),
                StepOutcome.Fail => ("FAIL", "\u001b[31m"),
                _ => ("SKIP", "\u001b[33m"),
            };
            var label = _interactive ? $"{color}{mark}\u001b[0m" : mark;
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {result.Seconds,6:0.00} s  {result.Name}"));
            if (result.Outcome == StepOutcome.Fail)
            {
                _out.WriteLine($"              cause: {result.Cause}: {result.Detail}");
            }
            else if (result.Detail.Length > 0)
            {
                _out.WriteLine($"              {result.Detail}");
            }

            foreach (var warning in result.Warnings)
            {
                _out.WriteLine($"              warning: {warning}");
            }

            _out.Flush();
        }
    }

    public void Completed(IReadOnlyList<StepResult> results)
    {
        lock (_lock)
        {
            _ticker?.Dispose();
            _ticker = null;
            _out.WriteLine($"{results.Count(r => r.Outcome == StepOutcome.Pass)} passed, {results.Count(r => r.Outcome == StepOutcome.Fail)} failed, {results.Count(r => r.Outcome == StepOutcome.Skip)} skipped");
        }
    }

    public void Dispose() => _ticker?.Dispose();

    private void Tick()
    {
        lock (_lock)
        {
            if (_current is { } step)
            {
                var frames = "|/-\\";
                var elapsed = DateTime.UtcNow - _startedAt;
                _out.Write(string.Create(CultureInfo.InvariantCulture, $"\r\u001b[2K{frames[(int)(elapsed.TotalMilliseconds / 250) % 4]} {elapsed.TotalSeconds,6:0.0} s  {step}"));
                _out.Flush();
            }
        }
    }
}

/// <summary>`--json`: one document at the end, for scripts.</summary>
internal sealed class JsonReporter(TextWriter output) : IDoctorReporter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public void Started(string step)
    {
    }

    public void Finished(StepResult result)
    {
    }

    public void Completed(IReadOnlyList<StepResult> results)
    {
        output.WriteLine(JsonSerializer.Serialize(
            new
            {
                passed = results.Count(r => r.Outcome == StepOutcome.Pass),
                failed = results.Count(r => r.Outcome == StepOutcome.Fail),
                skipped = results.Count(r => r.Outcome == StepOutcome.Skip),
                steps = results,
            },
            Options));
    }
}
