using System.Net;
using Bridgehead.Relay.Ng;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Relay.Hosting;

/// <summary>Starts the relay's workers and sweeper, and the ng listener when one is configured; stops them in reverse.</summary>
internal sealed class RelayHostedService(
    MediaRelay relay, IOptions<RelayOptions> options, ILoggerFactory loggerFactory, TimeProvider time) : IHostedService, IDisposable
{
    private NgUdpServer? _ngServer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        relay.Start();
        if (options.Value.Ng.Listen is { } listen)
        {
            _ngServer = new NgUdpServer(IPEndPoint.Parse(listen), relay, options.Value.Ng, loggerFactory.CreateLogger<NgUdpServer>(), time);
            _ngServer.Start();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _ngServer?.Dispose();
        _ngServer = null;
        relay.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _ngServer?.Dispose();
}
