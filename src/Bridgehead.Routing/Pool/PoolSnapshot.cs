using System.Net;
using Bridgehead.Storage.Pool;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// The pool as loaded at one reload: immutable, swapped whole, so a call routed during a reload
/// sees either the old pool or the new one. Runtime state (health, usage) lives in the objects it
/// points to, which outlive snapshots.
/// </summary>
public sealed class PoolSnapshot
{
    private readonly HashSet<string> _enabledKeys;
    private readonly HashSet<IPEndPoint> _addresses;

    internal PoolSnapshot(
        IReadOnlyList<DispatcherRecord> dispatcher,
        IReadOnlyList<LoadBalancerRecord> loadBalancer,
        IReadOnlyDictionary<int, DispatcherSet> sets,
        IReadOnlyDictionary<int, LoadBalancerGroup> groups,
        IReadOnlyDictionary<string, DestinationState> destinations,
        IReadOnlyList<DestinationState> probed,
        HashSet<string> enabledKeys,
        DateTimeOffset loadedAt)
    {
        DispatcherRecords = dispatcher;
        LoadBalancerRecords = loadBalancer;
        Sets = sets;
        Groups = groups;
        Destinations = destinations;
        Probed = probed;
        _enabledKeys = enabledKeys;
        LoadedAt = loadedAt;
        _addresses = [];
        foreach (var d in destinations.Values)
        {
            if (d.Destination is { } resolved)
            {
                _addresses.Add(resolved.EndPoint);
            }
        }
    }

    public static PoolSnapshot Empty { get; } = new([], [], new Dictionary<int, DispatcherSet>(), new Dictionary<int, LoadBalancerGroup>(),
        new Dictionary<string, DestinationState>(), [], [], DateTimeOffset.MinValue);

    public IReadOnlyList<DispatcherRecord> DispatcherRecords { get; }

    public IReadOnlyList<LoadBalancerRecord> LoadBalancerRecords { get; }

    public IReadOnlyDictionary<int, DispatcherSet> Sets { get; }

    public IReadOnlyDictionary<int, LoadBalancerGroup> Groups { get; }

    /// <summary>Every destination named by a row, by canonical key.</summary>
    public IReadOnlyDictionary<string, DestinationState> Destinations { get; }

    /// <summary>The destinations OPTIONS probes go to.</summary>
    public IReadOnlyList<DestinationState> Probed { get; }

    public DateTimeOffset LoadedAt { get; }

    public bool IsEmpty => Sets.Count == 0 && Groups.Count == 0;

    /// <summary>Whether at least one row naming this destination is enabled by the operator.</summary>
    public bool IsEnabled(DestinationState destination) => _enabledKeys.Contains(destination.Key);

    /// <summary>Whether a request comes from a pool destination's own address (a switch).</summary>
    public bool IsDestinationAddress(IPEndPoint source) => _addresses.Contains(source);

    /// <summary>The runtime state behind a row's URI, if it is loaded.</summary>
    public DestinationState? Find(string uri) =>
        PoolRecordValidator.TryParseDestination(uri, out var parsed, out _) && Destinations.TryGetValue(DestinationState.KeyOf(parsed), out var d) ? d : null;
}
