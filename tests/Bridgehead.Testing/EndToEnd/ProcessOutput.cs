using System.Collections.Concurrent;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>The lines a child process wrote to stdout and stderr, in arrival order, safe to read while it runs.</summary>
public sealed class ProcessOutput
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public string Text => string.Join('\n', _lines);

    internal void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    public bool Contains(string text) => _lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>The first line that contains <paramref name="text"/>, waiting up to <paramref name="timeout"/> for it.</summary>
    public Task<string> WaitForAsync(string text, TimeSpan timeout) =>
        WaitForAsync(l => l.Contains(text, StringComparison.Ordinal), timeout, $"containing '{text}'");

    /// <summary>The first line that matches, waiting up to <paramref name="timeout"/> for it.</summary>
    /// <param name="skip">How many lines to ignore (those written before the action under test).</param>
    public async Task<string> WaitForAsync(Func<string, bool> match, TimeSpan timeout, string what, int skip = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var line = _lines.Skip(skip).FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"no output line {what} within {timeout.TotalSeconds:0.#} s; output:\n{Tail(40)}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>The last <paramref name="count"/> lines, for failure messages.</summary>
    public string Tail(int count) => string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - count)));

    /// <summary>The whole text, so that a failure message can name the output as it is.</summary>
    public override string ToString() => Text;
}
