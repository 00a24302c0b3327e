using Bridgehead.Sip.Transport.Connections;
using Bridgehead.Sip.Transport.Udp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transport.Hosting;

/// <summary>
/// Runs the UDP loops and closes connections on shutdown. TCP/TLS endpoints belong to Kestrel;
/// once it has started (StartedAsync runs after every StartAsync) their bound ports are recorded.
/// </summary>
internal sealed partial class SipTransportService : IHostedLifecycleService
{
    private readonly SipListenerSet _listeners;
    private readonly SipConnectionTable _connections;
    private readonly SipKestrelSetup _kestrel;
    private readonly SipMessageHandlerAccessor _handler;
    private readonly SipTransportMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly SipTransportOptions _options;
    private readonly List<SipUdpListener> _udp = [];

    public SipTransportService(
        SipListenerSet listeners,
        SipConnectionTable connections,
        SipKestrelSetup kestrel,
        SipMessageHandlerAccessor handler,
        SipTransportMetrics metrics,
        TimeProvider time,
        IOptions<SipTransportOptions> options,
        ILoggerFactory loggers)
    {
        _listeners = listeners;
        _connections = connections;
        _kestrel = kestrel;
        _handler = handler;
        _metrics = metrics;
        _time = time;
        _options = options.Value;
        _loggers = loggers;
        _logger = loggers.CreateLogger<SipTransportService>();
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var udpLogger = _loggers.CreateLogger<SipUdpListener>();
        try
        {
            foreach (var listener in _listeners)
            {
                if (listener.Transport != SipTransportKind.Udp)
                {
                    continue;
                }

                var udp = SipUdpListener.Bind(listener, _options.UdpReceiveBufferSize, _options.UdpSendBufferSize, _options.MaxMessageSize, _handler.Handler, _metrics, udpLogger, _time);
                _udp.Add(udp);
                listener.Udp = udp;
                udp.Start();
            }
        }
        catch
        {
            // One address in use must not leave the others bound.
            await StopAsync(cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _kestrel.RefreshBoundEndPoints();
        foreach (var listener in _listeners)
        {
            Log.Listening(_logger, listener.Id, listener.Transport, listener.LocalEndPoint, listener.AdvertisedHost, listener.AdvertisedPort);
        }

        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _connections.AbortAll();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var udp in _udp)
        {
            await udp.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var listener in _listeners)
        {
            listener.Udp = null;
        }

        _udp.Clear();
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "SIP listener {ListenerId}: {Transport} on {LocalEndPoint}, advertised as {AdvertisedHost}:{AdvertisedPort}")]
        public static partial void Listening(ILogger logger, int listenerId, SipTransportKind transport, System.Net.IPEndPoint localEndPoint, string advertisedHost, int advertisedPort);
    }
}
