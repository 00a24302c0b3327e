using System.Collections.Concurrent;
using System.Threading.Channels;
using Bridgehead.Sip;
using Bridgehead.Sip.Transport;
using Bridgehead.Sip.Transport.Connections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridgehead.IntegrationTests.Transport;

/// <summary>
/// Just the SIP transport in a slim WebApplication on loopback, ephemeral ports, with a recording
/// handler, observer and log. Every wait is bounded.
/// </summary>
internal sealed class TransportHost : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // Starting may include generating an RSA key, which takes seconds on a loaded machine.
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    private TransportHost(WebApplication app, string dataDirectory, RecordingHandler handler, RecordingObserver observer, ListLogger logs)
    {
        App = app;
        DataDirectory = dataDirectory;
        Handler = handler;
        Observer = observer;
        Logs = logs;
        Transport = app.Services.GetRequiredService<ISipTransport>();
    }

    public WebApplication App { get; }

    public ISipTransport Transport { get; }

    public string DataDirectory { get; }

    public RecordingHandler Handler { get; }

    public RecordingObserver Observer { get; }

    public ListLogger Logs { get; }

    public SipListener Listener(SipTransportKind transport) => Transport.Listeners.First(l => l.Transport == transport);

    /// <param name="configure">Listeners and limits.</param>
    /// <param name="time">A fake clock, or null for the system clock.</param>
    /// <param name="generateCertificate">True to let TLS listeners generate their certificate into the data directory; otherwise they share <see cref="TestCertificate"/>.</param>
    public static async Task<TransportHost> StartAsync(Action<SipTransportOptions> configure, TimeProvider? time = null, bool generateCertificate = false)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "bridgehead-transport-" + Guid.NewGuid().ToString("N"));
        var handler = new RecordingHandler();
        var observer = new RecordingObserver();
        var logs = new ListLogger();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);

        // Only used when no TCP/TLS listener gives Kestrel an endpoint: never the fixed default port.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<ISipMessageHandler>(handler);
        builder.Services.AddSingleton<ISipConnectionObserver>(observer);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddSipTransport(o =>
        {
            o.DataDirectory = dataDirectory;
            configure(o);
            if (!generateCertificate && o.Tls.CertificatePath is null && o.Listen.Any(l => l.StartsWith("tls:", StringComparison.Ordinal) || l.StartsWith("wss:", StringComparison.Ordinal)))
            {
                o.Tls.CertificatePath = TestCertificate.PfxPath;
            }
        });

        var app = builder.Build();
        var host = new TransportHost(app, dataDirectory, handler, observer, logs);
        await app.StartAsync().WaitAsync(StartPatience);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().WaitAsync(Patience);
        await App.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

/// <summary>Collects inbound messages.</summary>
internal sealed class RecordingHandler : ISipMessageHandler
{
    private readonly Channel<SipInboundMessage> _messages = Channel.CreateUnbounded<SipInboundMessage>();

    /// <summary>Runs on the transport thread for every message (e.g. to answer it).</summary>
    public Action<SipInboundMessage>? OnReceive { get; set; }

    public void OnMessage(in SipInboundMessage message)
    {
        _messages.Writer.TryWrite(message);
        OnReceive?.Invoke(message);
    }

    public async Task<SipInboundMessage> NextAsync() =>
        await _messages.Reader.ReadAsync().AsTask().WaitAsync(TransportHost.Patience);

    public bool TryNext(out SipInboundMessage message) => _messages.Reader.TryRead(out message);
}

/// <summary>Collects connection open/close events.</summary>
internal sealed class RecordingObserver : ISipConnectionObserver
{
    private readonly Channel<SipConnection> _opened = Channel.CreateUnbounded<SipConnection>();
    private readonly Channel<(SipConnection, SipConnectionCloseReason)> _closed = Channel.CreateUnbounded<(SipConnection, SipConnectionCloseReason)>();

    public void OnOpened(SipConnection connection) => _opened.Writer.TryWrite(connection);

    public void OnClosed(SipConnection connection, SipConnectionCloseReason reason) => _closed.Writer.TryWrite((connection, reason));

    public async Task<SipConnection> NextOpenedAsync() => await _opened.Reader.ReadAsync().AsTask().WaitAsync(TransportHost.Patience);

    public async Task<(SipConnection Connection, SipConnectionCloseReason Reason)> NextClosedAsync() =>
        await _closed.Reader.ReadAsync().AsTask().WaitAsync(TransportHost.Patience);

    public bool TryNextClosed(out (SipConnection Connection, SipConnectionCloseReason Reason) closed) => _closed.Reader.TryRead(out closed);
}

/// <summary>Keeps formatted log lines.</summary>
internal sealed class ListLogger : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ListLogger owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
    }
}
