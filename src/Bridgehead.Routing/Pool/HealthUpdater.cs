using Microsoft.Extensions.Logging;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// The one writer of destination health: probes and passive observations report here, the
/// health policy computes, and this applies the result (a new immutable snapshot per destination),
/// logs changes and counts them. Readers only ever see whole snapshots.
/// </summary>
public sealed partial class HealthUpdater
{
    private readonly IHealthPolicy _policy;
    private readonly TimeProvider _time;
    private readonly PoolMetrics _metrics;
    private readonly ILogger<HealthUpdater> _logger;
    private readonly Lock _gate = new();

    public HealthUpdater(IHealthPolicy policy, TimeProvider time, PoolMetrics metrics, ILogger<HealthUpdater> logger)
    {
        _policy = policy;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Raised after a destination's status changed (outside any lock).</summary>
    public event Action<DestinationState, DestinationHealth>? StatusChanged;

    public void Report(DestinationState destination, HealthSignal signal, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        DestinationHealth before;
        DestinationHealth after;
        lock (_gate)
        {
            before = destination.Health;
            after = _policy.Apply(before, signal, _time.GetUtcNow(), reason);
            if (ReferenceEquals(before, after))
            {
                return;
            }

            destination.Health = after;
        }

        if (after.Status == before.Status)
        {
            return;
        }

        _metrics.HealthChanged(after.Status);
        if (after.Status == HealthStatus.Down)
        {
            Log.Down(_logger, destination.Key, after.ConsecutiveFailures, after.LastReason ?? "");
        }
        else
        {
            Log.Up(_logger, destination.Key, before.Status);
        }

        StatusChanged?.Invoke(destination, after);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Destination {Destination} is down after {Failures} failures (last: {Reason})")]
        public static partial void Down(ILogger logger, string destination, int failures, string reason);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Destination {Destination} is up (was {Previous})")]
        public static partial void Up(ILogger logger, string destination, HealthStatus previous);
    }
}
