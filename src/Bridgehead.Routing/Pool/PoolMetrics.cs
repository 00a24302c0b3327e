using System.Diagnostics.Metrics;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// Instruments of the switch pool (bridgehead.pool.*). Tags are bounded: a destination tag names
/// a configured switch (a handful), never a call.
/// </summary>
public sealed class PoolMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _forwarded;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _probes;
    private readonly Counter<long> _healthChanges;
    private PoolState? _state;
    private LoadBalancerCalls? _calls;

    public PoolMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create("Bridgehead.Routing.Pool");
        _forwarded = _meter.CreateCounter<long>("bridgehead.pool.forwarded", description: "Requests sent to a pool destination (first tries and failovers), by kind");
        _failovers = _meter.CreateCounter<long>("bridgehead.pool.failovers", description: "Requests retried on the next destination, by reason");
        _rejected = _meter.CreateCounter<long>("bridgehead.pool.rejected", description: "Calls answered 503 because no destination could take them, by reason");
        _probes = _meter.CreateCounter<long>("bridgehead.pool.probes", description: "OPTIONS probes, by result");
        _healthChanges = _meter.CreateCounter<long>("bridgehead.pool.health.changes", description: "Destination health changes, by new status");
        _meter.CreateObservableGauge("bridgehead.pool.destination.health", ObserveHealth, description: "Per destination: 1 up, 0 down, -1 not known yet, -2 disabled by an operator");
        _meter.CreateObservableGauge("bridgehead.pool.lb.load", ObserveLoad, description: "Per load-balancer destination and resource: calls holding it");
        _meter.CreateObservableGauge("bridgehead.pool.lb.calls", () => _calls?.Count ?? 0, description: "Answered load-balanced calls holding resources");
    }

    internal void Observe(PoolState state, LoadBalancerCalls calls)
    {
        _state = state;
        _calls = calls;
    }

    internal void Forwarded(bool loadBalancer, bool failover)
    {
        _forwarded.Add(1, new KeyValuePair<string, object?>("kind", loadBalancer ? "lb" : "dispatcher"));
        if (failover)
        {
            _failovers.Add(1);
        }
    }

    internal void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void Probed(bool alive) => _probes.Add(1, new KeyValuePair<string, object?>("result", alive ? "alive" : "failed"));

    internal void HealthChanged(HealthStatus status) =>
        _healthChanges.Add(1, new KeyValuePair<string, object?>("status", status == HealthStatus.Up ? "up" : status == HealthStatus.Down ? "down" : "unknown"));

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<int>> ObserveHealth()
    {
        var snapshot = _state?.Current;
        if (snapshot is null)
        {
            yield break;
        }

        foreach (var d in snapshot.Destinations.Values)
        {
            var value = !snapshot.IsEnabled(d) ? -2 : d.Health.Status switch { HealthStatus.Up => 1, HealthStatus.Down => 0, _ => -1 };
            yield return new Measurement<int>(value, new KeyValuePair<string, object?>("destination", d.Key));
        }
    }

    private IEnumerable<Measurement<int>> ObserveLoad()
    {
        var snapshot = _state?.Current;
        if (snapshot is null)
        {
            yield break;
        }

        foreach (var group in snapshot.Groups.Values)
        {
            foreach (var member in group.Members)
            {
                foreach (var (resource, used) in member.Usage.Snapshot())
                {
                    yield return new Measurement<int>(
                        used,
                        new KeyValuePair<string, object?>("destination", member.State.Key),
                        new KeyValuePair<string, object?>("resource", resource));
                }
            }
        }
    }
}
