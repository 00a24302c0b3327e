using Bridgehead.Storage.Pool;

namespace Bridgehead.Routing.Pool;

/// <summary>A load-balancer row bound to its destination's state and to its resource usage.</summary>
public sealed class LoadBalancerMember
{
    internal LoadBalancerMember(LoadBalancerRecord config, LoadBalancerResources resources, DestinationState state, LoadBalancerUsage usage)
    {
        Config = config;
        Resources = resources;
        State = state;
        Usage = usage;
    }

    public LoadBalancerRecord Config { get; }

    public LoadBalancerResources Resources { get; }

    public DestinationState State { get; }

    /// <summary>Calls holding each resource; kept across reloads for the same group and URI.</summary>
    public LoadBalancerUsage Usage { get; }

    /// <summary>Whether health counts for this row (probe mode 0: always taken as alive).</summary>
    public bool UsesHealth => Config.ProbeMode != 0;
}

/// <summary>One load-balancer group as loaded.</summary>
public sealed class LoadBalancerGroup
{
    internal LoadBalancerGroup(int id, IReadOnlyList<LoadBalancerMember> members)
    {
        Id = id;
        Members = members;
    }

    public int Id { get; }

    public IReadOnlyList<LoadBalancerMember> Members { get; }
}

/// <summary>
/// How many calls hold each resource of one load-balancer destination. Written only by the
/// <see cref="LoadBalancerLedger"/> under its lock; read under the same lock.
/// </summary>
public sealed class LoadBalancerUsage
{
    private readonly Lock _gate;
    private readonly Dictionary<string, int> _used = new(StringComparer.Ordinal);

    internal LoadBalancerUsage(Lock gate) => _gate = gate;

    /// <summary>Calls holding a resource (0 for one never used).</summary>
    public int Used(string resource)
    {
        lock (_gate)
        {
            return _used.GetValueOrDefault(resource);
        }
    }

    /// <summary>Every resource ever used with its current count.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Snapshot()
    {
        lock (_gate)
        {
            return [.. _used];
        }
    }

    /// <summary>Called with the ledger's lock held.</summary>
    internal int UsedLocked(string resource) => _used.GetValueOrDefault(resource);

    /// <summary>Called with the ledger's lock held.</summary>
    internal void AddLocked(string[] resources, int delta)
    {
        foreach (var r in resources)
        {
            _used[r] = Math.Max(_used.GetValueOrDefault(r) + delta, 0);
        }
    }
}
