using Bridgehead.Storage.Pool;

namespace Bridgehead.Routing.Pool;

/// <summary>A dispatcher row bound to its destination's runtime state.</summary>
public sealed class DispatcherMember
{
    internal DispatcherMember(DispatcherRecord config, DestinationState state, int index)
    {
        Config = config;
        State = state;
        Index = index;
        Hash = RendezvousHash.Of(state.Key);
    }

    public DispatcherRecord Config { get; }

    public DestinationState State { get; }

    /// <summary>Position in the set (policies keep per-member state by it).</summary>
    public int Index { get; }

    /// <summary>A stable hash of the destination, for rendezvous hashing.</summary>
    internal ulong Hash { get; }
}

/// <summary>
/// One dispatcher set as loaded: its members ordered by priority (highest first) then id, cut in
/// tiers of equal priority, and its policy instance (which may keep state such as a round-robin
/// counter until the next reload).
/// </summary>
public sealed class DispatcherSet
{
    internal DispatcherSet(int id, IDestinationPolicy policy, IReadOnlyList<DispatcherMember> members)
    {
        Id = id;
        Policy = policy;
        Members = members;
        var tiers = new List<DispatcherMember[]>();
        var start = 0;
        for (var i = 1; i <= members.Count; i++)
        {
            if (i == members.Count || members[i].Config.Priority != members[start].Config.Priority)
            {
                tiers.Add([.. members.Skip(start).Take(i - start)]);
                start = i;
            }
        }

        Tiers = tiers;
    }

    public int Id { get; }

    public IDestinationPolicy Policy { get; }

    public IReadOnlyList<DispatcherMember> Members { get; }

    /// <summary>Members of equal priority, highest priority first: a lower tier is a backup of the ones above.</summary>
    public IReadOnlyList<DispatcherMember[]> Tiers { get; }
}
