using Bridgehead.Routing.Pool;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Hosting;

/// <summary>
/// Loads the switch pool from the store before the transports open, starts the OPTIONS probes,
/// and releases load-balanced calls whose BYE was never seen once their lifetime runs out.
/// </summary>
internal sealed partial class PoolService(
    PoolManager manager,
    OptionsProber prober,
    PoolRouter router,
    IOptions<PoolOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<PoolService> logger) : IHostedService, IAsyncDisposable
{
    private ITimer? _sweep;
    private ITimer? _reload;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await manager.ReloadAsync(cancellationToken).ConfigureAwait(false);
        foreach (var rule in router.Rules)
        {
            Log.Rule(logger, rule.Text);
        }

        // Probes need the listeners bound (the Via they send names one): they start once the host has.
        lifetime.ApplicationStarted.Register(prober.Start);
        var interval = options.Value.LoadBalancer.SweepInterval;
        _sweep = time.CreateTimer(static s => ((PoolService)s!).Sweep(), this, interval, interval);
        if (options.Value.ReloadInterval is { } reload)
        {
            // Edges sharing one database see each other's changes within the interval.
            _reload = time.CreateTimer(static s => _ = ((PoolService)s!).ReloadAsync(), this, reload, reload);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _reload?.Dispose();
        _sweep?.Dispose();
        prober.Dispose();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _reload?.Dispose();
        _sweep?.Dispose();
        prober.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ReloadAsync()
    {
        try
        {
            await manager.ReloadAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.ReloadFailed(logger, ex);
        }
    }

    private void Sweep()
    {
        var released = router.SweepExpiredCalls();
        if (released > 0)
        {
            Log.Expired(logger, released);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1406, Level = LogLevel.Information, Message = "Pool rule: {Rule}")]
        public static partial void Rule(ILogger logger, string rule);

        [LoggerMessage(EventId = 1408, Level = LogLevel.Warning, Message = "Reloading the pool failed; the last loaded pool stays in use")]
        public static partial void ReloadFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1407, Level = LogLevel.Warning, Message = "Released {Count} load-balanced calls whose BYE was never seen")]
        public static partial void Expired(ILogger logger, int count);
    }
}
