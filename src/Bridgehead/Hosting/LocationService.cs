using Bridgehead.Routing.Registrar;
using Bridgehead.Storage.Location;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Hosting;

/// <summary>
/// Loads the stored bindings into the registrar's table before the transports open (so a
/// restarted edge routes to users registered before it stopped), then purges expired bindings
/// periodically.
/// </summary>
internal sealed partial class LocationService(
    ILocationStore store,
    Registrar registrar,
    TimeProvider time,
    ILogger<LocationService> logger) : IHostedService, IAsyncDisposable
{
    private ITimer? _purge;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bindings = await store.LoadAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        registrar.Table.Load(bindings);
        Log.Loaded(logger, bindings.Count, registrar.Table.AorCount);
        var interval = registrar.Options.PurgeInterval;
        _purge = time.CreateTimer(static s => _ = ((LocationService)s!).PurgeAsync(), this, interval, interval);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _purge?.Dispose();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _purge?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task PurgeAsync()
    {
        try
        {
            var removed = await registrar.PurgeExpiredAsync(CancellationToken.None).ConfigureAwait(false);
            if (removed > 0)
            {
                Log.Purged(logger, removed);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.PurgeFailed(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Loaded {Bindings} bindings of {Aors} addresses-of-record")]
        public static partial void Loaded(ILogger logger, int bindings, int aors);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Debug, Message = "Purged {Count} expired bindings")]
        public static partial void Purged(ILogger logger, int count);

        [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Purging expired bindings failed")]
        public static partial void PurgeFailed(ILogger logger, Exception exception);
    }
}
