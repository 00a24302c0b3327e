namespace Bridgehead.Routing.Pool;

/// <summary>
/// Least-loaded by resources (OpenSIPS's load_balancer): among the members that offer every
/// requested resource and have a free unit of each, the one with the most free capacity — in
/// units (absolute) or as a share of its capacity (relative) — taking the scarcest requested
/// resource as the measure. Ties are broken at random so equal switches share calls evenly.
/// Called with the ledger's lock held; computes only, the ledger applies.
/// </summary>
public sealed class ResourceLoadPolicy
{
    public const string PolicyName = "resource-load";

    private readonly LoadBalancerMode _mode;
    private readonly Random _random;

    public ResourceLoadPolicy(LoadBalancerMode mode, Random random)
    {
        _mode = mode;
        _random = random;
    }

    public static string Name => PolicyName;

    /// <summary>The member to take the call, or null when none has room.</summary>
    public LoadBalancerMember? Select(IReadOnlyList<LoadBalancerMember> candidates, string[] resources)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(resources);
        LoadBalancerMember? best = null;
        var bestScore = double.MinValue;
        var ties = 0;
        foreach (var member in candidates)
        {
            var score = Score(member, resources);
            if (score is null)
            {
                continue;
            }

            if (score > bestScore)
            {
                best = member;
                bestScore = score.Value;
                ties = 1;
            }
            else if (score == bestScore && _random.Next(++ties) == 0)
            {
                // Reservoir sampling over the tied members: each is equally likely.
                best = member;
            }
        }

        return best;
    }

    /// <summary>Free capacity of the scarcest requested resource, or null when a resource is missing or full.</summary>
    public double? Score(LoadBalancerMember member, string[] resources)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(resources);
        var score = double.MaxValue;
        foreach (var resource in resources)
        {
            var capacity = member.Resources.CapacityOf(resource);
            if (capacity <= 0)
            {
                return null;
            }

            var free = capacity - member.Usage.UsedLocked(resource);
            if (free <= 0)
            {
                return null;
            }

            score = Math.Min(score, _mode == LoadBalancerMode.Relative ? (double)free / capacity : free);
        }

        return score;
    }
}
