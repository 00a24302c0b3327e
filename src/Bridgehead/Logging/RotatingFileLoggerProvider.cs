using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Logging;

/// <summary>
/// A log file of Bridgehead's own (the operator's rsyslog step in the field report): one line per
/// entry, written by a background task so that logging never blocks the SIP path, rolled over
/// at a size limit keeping a fixed number of old files (bridgehead.log.1 … .N).
/// </summary>
public sealed class RotatingFileLoggerProvider : ILoggerProvider
{
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(65_536)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private readonly ConcurrentDictionary<string, FileLogger> _loggers = new(StringComparer.Ordinal);
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _keep;
    private readonly LogLevel _minimum;
    private readonly Task _writer;

    public RotatingFileLoggerProvider(string path, long maxBytes, int keep, LogLevel minimum)
    {
        _path = path;
        _maxBytes = maxBytes;
        _keep = keep;
        _minimum = minimum;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = Task.Run(WriteLoopAsync);
    }

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new FileLogger(this, name));

    public void Dispose()
    {
        _lines.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task WriteLoopAsync()
    {
        var stream = Open();
        try
        {
            while (await _lines.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    var bytes = Encoding.UTF8.GetBytes(line);
                    if (stream.Length + bytes.Length > _maxBytes && stream.Length > 0)
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                        Roll();
                        stream = Open();
                    }

                    await stream.WriteAsync(bytes).ConfigureAwait(false);
                }

                await stream.FlushAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private FileStream Open() => new(_path, FileMode.Append, FileAccess.Write, FileShare.Read);

    private void Roll()
    {
        for (var i = _keep - 1; i >= 1; i--)
        {
            var from = $"{_path}.{i}";
            if (File.Exists(from))
            {
                File.Move(from, $"{_path}.{i + 1}", overwrite: true);
            }
        }

        File.Move(_path, $"{_path}.1", overwrite: true);
    }

    private sealed class FileLogger(RotatingFileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = new StringBuilder(160)
                .Append(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
                .Append(' ').Append(Level(logLevel)).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (exception is not null)
            {
                line.Append(" | ").Append(exception.ToString().ReplaceLineEndings(" | "));
            }

            provider._lines.Writer.TryWrite(line.Append('\n').ToString());
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
