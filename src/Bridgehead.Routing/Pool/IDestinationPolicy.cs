using Bridgehead.Sip;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// How a dispatcher set spreads calls over the usable members of one priority tier: it writes the
/// order in which they are tried (the first gets the call, the rest are its failover order).
/// Policies compute; they never touch health or counters.
/// </summary>
public interface IDestinationPolicy
{
    string Name { get; }

    /// <param name="candidates">The usable members of one tier (healthy and enabled), in set order.</param>
    /// <param name="request">The request being routed.</param>
    /// <param name="order">Receives a permutation of 0..candidates.Count-1.</param>
    void Order(IReadOnlyList<DispatcherMember> candidates, SipMessage request, Span<int> order);
}

/// <summary>The policies by name, as configuration spells them.</summary>
public static class DestinationPolicies
{
    public const string RoundRobin = "round-robin";
    public const string Weighted = "weighted";
    public const string CallIdHash = "call-id-hash";
    public const string CallerHash = "caller-hash";

    public static IReadOnlyList<string> Names { get; } = [RoundRobin, Weighted, CallIdHash, CallerHash];

    /// <summary>A fresh policy instance for one set whose members have these weights (null for an unknown name).</summary>
    public static IDestinationPolicy? Create(string? name, IReadOnlyList<int> weights, Random random) => name?.Trim().ToLowerInvariant() switch
    {
        RoundRobin => new RoundRobinPolicy(random.Next()),
        Weighted => new WeightedPolicy(weights, random),
        CallIdHash => new CallIdHashPolicy(),
        CallerHash => new CallerHashPolicy(),
        _ => null,
    };
}

/// <summary>Each call to the next usable member in turn (Kamailio's algorithm 4).</summary>
public sealed class RoundRobinPolicy : IDestinationPolicy
{
    private int _next;

    /// <param name="start">Where the rotation starts (random, so that edges started together do not move in step).</param>
    public RoundRobinPolicy(int start = 0) => _next = start;

    public string Name => DestinationPolicies.RoundRobin;

    public void Order(IReadOnlyList<DispatcherMember> candidates, SipMessage request, Span<int> order)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var n = candidates.Count;
        if (n == 0)
        {
            return;
        }

        var first = (int)((uint)(Interlocked.Increment(ref _next) - 1) % (uint)n);
        for (var i = 0; i < n; i++)
        {
            order[i] = (first + i) % n;
        }
    }
}

/// <summary>
/// Calls in proportion to the members' weights, interleaved smoothly (nginx's smooth weighted
/// round robin): weights 5, 3, 2 give exactly 5, 3 and 2 calls of every 10, never 5 in a row to
/// one switch. The sequence repeats every sum-of-weights calls, so any that many consecutive calls
/// are split exactly; it starts at a random point of its cycle so edges started together differ.
/// Weight 0 takes calls only when the others fail. The failover order after the first is by weight.
/// </summary>
public sealed class WeightedPolicy : IDestinationPolicy
{
    private readonly long[] _current;
    private readonly Lock _gate = new();

    public WeightedPolicy(IReadOnlyList<int> weights, Random random)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(random);
        _current = new long[weights.Count];
        var total = weights.Sum();
        for (var step = total > 0 ? random.Next(total) : 0; step > 0; step--)
        {
            Pick(weights.Count, i => weights[i], i => i);
        }
    }

    public string Name => DestinationPolicies.Weighted;

    public void Order(IReadOnlyList<DispatcherMember> candidates, SipMessage request, Span<int> order)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var n = candidates.Count;
        if (n == 0)
        {
            return;
        }

        int chosen;
        lock (_gate)
        {
            chosen = Pick(n, i => candidates[i].Config.Weight, i => candidates[i].Index);
        }

        // Then by weight, heaviest first (insertion sort: sets are small).
        WriteFailoverOrder(candidates, chosen, order);
    }

    /// <summary>One step of smooth weighted round robin over n members; returns the chosen one (0 when all weigh 0).</summary>
    private int Pick(int n, Func<int, int> weightOf, Func<int, int> slotOf)
    {
        var chosen = 0;
        long total = 0;
        var best = long.MinValue;
        for (var i = 0; i < n; i++)
        {
            var weight = (long)weightOf(i);
            total += weight;
            ref var current = ref _current[slotOf(i)];
            current += weight;
            if (weight > 0 && current > best)
            {
                best = current;
                chosen = i;
            }
        }

        if (total > 0)
        {
            _current[slotOf(chosen)] -= total;
        }

        return chosen;
    }

    private static void WriteFailoverOrder(IReadOnlyList<DispatcherMember> candidates, int chosen, Span<int> order)
    {
        var n = candidates.Count;
        order[0] = chosen;
        var count = 1;
        for (var i = 0; i < n; i++)
        {
            if (i == chosen)
            {
                continue;
            }

            var j = count++;
            while (j > 1 && candidates[order[j - 1]].Config.Weight < candidates[i].Config.Weight)
            {
                order[j] = order[j - 1];
                j--;
            }

            order[j] = i;
        }
    }
}

/// <summary>
/// The same Call-ID always reaches the same switch while it is usable (Kamailio's algorithm 0),
/// by rendezvous hashing: a switch that goes down moves only its own calls.
/// </summary>
public sealed class CallIdHashPolicy : IDestinationPolicy
{
    public string Name => DestinationPolicies.CallIdHash;

    public void Order(IReadOnlyList<DispatcherMember> candidates, SipMessage request, Span<int> order)
    {
        ArgumentNullException.ThrowIfNull(request);
        RendezvousHash.Order(RendezvousHash.Of(request.CallId.Span), candidates, order);
    }
}

/// <summary>
/// The same caller (From URI user and host, without parameters) always reaches the same switch
/// while it is usable (Kamailio's algorithm 1), by rendezvous hashing.
/// </summary>
public sealed class CallerHashPolicy : IDestinationPolicy
{
    public string Name => DestinationPolicies.CallerHash;

    public void Order(IReadOnlyList<DispatcherMember> candidates, SipMessage request, Span<int> order)
    {
        ArgumentNullException.ThrowIfNull(request);
        var from = request.From.Uri;
        var h = RendezvousHash.Of(from.User.Span);
        h = (h ^ '@') * 1099511628211UL;
        foreach (var b in from.Host.Span)
        {
            // Host names are case-insensitive (RFC 3261 §19.1.4).
            h = (h ^ (byte)(b is >= (byte)'A' and <= (byte)'Z' ? b + 32 : b)) * 1099511628211UL;
        }

        RendezvousHash.Order(h, candidates, order);
    }
}
