namespace Bridgehead.Routing.Pool;

/// <summary>
/// Settings of the switch pool (bound from the "Pool" section). The destinations themselves are
/// data (the dispatcher and load_balancer tables), managed at run time; these are the rules that
/// pick a set, the policy of each set, and how health is judged.
/// </summary>
public sealed class PoolOptions
{
    public const string SectionName = "Pool";

    /// <summary>
    /// Which calls go where, first match wins. Empty: every call that is not for a registered
    /// user goes to dispatcher set 1 (when set 1 has destinations).
    /// </summary>
    public List<PoolRuleOptions> Rules { get; set; } = [];

    /// <summary>The policy of sets not named in <see cref="Sets"/>.</summary>
    public string DefaultPolicy { get; set; } = DestinationPolicies.RoundRobin;

    /// <summary>Per-set settings, keyed by set id ("1": { "Policy": "weighted" }).</summary>
    public Dictionary<string, DispatcherSetOptions> Sets { get; set; } = [];

    /// <summary>
    /// How long a switch may stay silent (no provisional to an INVITE, no final to anything else)
    /// before the next one is tried — OpenSIPS's fr_timer. Far shorter than Timer B (32 s).
    /// </summary>
    public TimeSpan NoAnswerTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How often the tables are read again by themselves, for edges that share one database (a
    /// change made through another edge's API reaches this one within the interval). Null: only
    /// on a change through this edge or a reload.
    /// </summary>
    public TimeSpan? ReloadInterval { get; set; }

    /// <summary>
    /// Addresses ("10.0.0.20" or "10.0.0.20:5060") whose requests are trusted like those of a
    /// dispatcher or load-balancer destination: a switch that originates calls but takes none.
    /// Trusted requests are not challenged and go only to the edge's own users.
    /// </summary>
    public List<string> Trusted { get; set; } = [];

    public PoolHealthOptions Health { get; set; } = new();

    public LoadBalancerOptions LoadBalancer { get; set; } = new();
}

/// <summary>One routing rule: a match on the Request-URI and the set or group it sends to.</summary>
public sealed class PoolRuleOptions
{
    /// <summary>A regular expression the Request-URI's user part must match (e.g. "^9\\d{3}$"); empty matches any.</summary>
    public string? User { get; set; }

    /// <summary>A regular expression the Request-URI's host must match; empty matches any.</summary>
    public string? Domain { get; set; }

    /// <summary>Methods the rule applies to (e.g. ["INVITE"]); empty: every method but REGISTER.</summary>
    public List<string> Methods { get; set; } = [];

    /// <summary>The dispatcher set calls go to.</summary>
    public int? Set { get; set; }

    /// <summary>The load-balancer group calls go to (instead of a set).</summary>
    public int? Group { get; set; }

    /// <summary>The resources a call takes in the group, e.g. "pstn" or "vm;transc" (one unit of each).</summary>
    public string? Resources { get; set; }
}

public sealed class DispatcherSetOptions
{
    /// <summary>round-robin, weighted, call-id-hash or caller-hash.</summary>
    public string? Policy { get; set; }
}

/// <summary>What happens when no destination of a set or group is healthy.</summary>
public enum AllDownPolicy
{
    /// <summary>503 at once: the caller (or its proxy) tries elsewhere or later.</summary>
    Reject,

    /// <summary>Try the enabled destinations anyway, in policy order (probes may be blocked while calls work).</summary>
    TryAll,
}

public sealed class PoolHealthOptions
{
    /// <summary>Time between OPTIONS probes of each destination.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a probe waits for its answer; below <see cref="ProbeInterval"/>.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The health policy: "consecutive-failures".</summary>
    public string Policy { get; set; } = "consecutive-failures";

    /// <summary>Consecutive failures (probes, or calls that got no answer, a 503 or a transport error) that take a destination down.</summary>
    public int FailuresToDown { get; set; } = 3;

    /// <summary>Consecutive answered probes that bring a down destination back.</summary>
    public int SuccessesToUp { get; set; } = 2;

    /// <summary>Probe replies that mean "alive": a class such as "2xx" or a code such as "404".</summary>
    public List<string> AliveReplies { get; set; } = ["2xx"];

    /// <summary>Whether failures of real calls count (passive health).</summary>
    public bool Passive { get; set; } = true;

    public AllDownPolicy WhenAllDown { get; set; } = AllDownPolicy.Reject;
}

/// <summary>How a load-balancer group compares the free capacity of its destinations.</summary>
public enum LoadBalancerMode
{
    /// <summary>The most free units of the requested resources (OpenSIPS's default).</summary>
    Absolute,

    /// <summary>The largest free share of capacity (OpenSIPS's 'r' flag).</summary>
    Relative,
}

public sealed class LoadBalancerOptions
{
    public LoadBalancerMode Mode { get; set; } = LoadBalancerMode.Absolute;

    /// <summary>
    /// How long an answered call holds its resources when no BYE is seen (a dialog whose end
    /// never passed the edge). OpenSIPS's dialog timeout plays this part.
    /// </summary>
    public TimeSpan CallLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How often calls past <see cref="CallLifetime"/> are released.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
