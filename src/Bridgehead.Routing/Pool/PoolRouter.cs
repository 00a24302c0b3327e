using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;
using Microsoft.Extensions.Options;

namespace Bridgehead.Routing.Pool;

/// <summary>What the pool made of a request.</summary>
public enum PoolDecision : byte
{
    /// <summary>No rule took it, or its set or group is not loaded: route it as without a pool.</summary>
    NotPooled,

    /// <summary>Send it; the attempt yields the destinations.</summary>
    Forward,

    /// <summary>A rule took it but no destination is usable (down or disabled): 503.</summary>
    Unavailable,

    /// <summary>A rule took it for a load-balancer group whose usable members are all full: 503.</summary>
    Full,
}

/// <summary>
/// The pool's entry for the proxy: matches the routing rules, orders a set's members by its policy
/// (priority tiers in turn), or reserves room in a load-balancer group, and hands the proxy the
/// attempt that fails over; hears how each try ended (passive health, resource accounting) and
/// the BYEs that end load-balanced calls.
/// </summary>
public sealed partial class PoolRouter
{
    private readonly PoolState _state;
    private readonly HealthUpdater _health;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<PoolRule> _rules;

    public PoolRouter(
        PoolState state,
        HealthUpdater health,
        LoadBalancerLedger ledger,
        LoadBalancerCalls calls,
        PoolMetrics metrics,
        IOptions<PoolOptions> options,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _health = health;
        Ledger = ledger;
        Calls = calls;
        Metrics = metrics;
        Options = options.Value;
        _time = time;
        var errors = new List<string>();
        _rules = PoolRule.CompileAll(Options.Rules, errors);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(PoolOptions.SectionName, typeof(PoolOptions), errors);
        }

        metrics.Observe(state, calls);
    }

    public PoolOptions Options { get; }

    public IReadOnlyList<PoolRule> Rules => _rules;

    internal LoadBalancerLedger Ledger { get; }

    internal LoadBalancerCalls Calls { get; }

    internal PoolMetrics Metrics { get; }

    /// <summary>Routes an initial request; <paramref name="attempt"/> is set for <see cref="PoolDecision.Forward"/>.</summary>
    internal PoolDecision Route(SipMessage request, in SipDestination source, out IFailoverTargets? attempt)
    {
        var decision = RouteAttempt(request, source, out var pooled);
        attempt = pooled;
        return decision;
    }

    /// <summary>The same, for tests and benchmarks: the attempt as its own type.</summary>
    internal PoolDecision RouteAttempt(SipMessage request, in SipDestination source, out PoolAttempt? attempt)
    {
        attempt = null;
        var snapshot = _state.Current;
        if (snapshot.IsEmpty || snapshot.IsDestinationAddress(source.EndPoint))
        {
            return PoolDecision.NotPooled;
        }

        foreach (var rule in _rules)
        {
            if (!rule.Matches(request))
            {
                continue;
            }

            if (rule.Set is { } setId)
            {
                if (!snapshot.Sets.TryGetValue(setId, out var set))
                {
                    continue;
                }

                var byPolicy = new PolicyTierOrder(set.Policy, request);
                attempt = PoolAttempt.ForSet(this, request, Order(set, byPolicy, ignoreHealth: false), ignoreHealth: false);
                if (attempt is null && Options.Health.WhenAllDown == AllDownPolicy.TryAll)
                {
                    attempt = PoolAttempt.ForSet(this, request, Order(set, byPolicy, ignoreHealth: true), ignoreHealth: true);
                }

                return Decide(attempt, PoolDecision.Unavailable);
            }

            if (!snapshot.Groups.TryGetValue(rule.Group!.Value, out var group))
            {
                continue;
            }

            attempt = PoolAttempt.ForGroup(this, request, group, rule.ResourceArray, ignoreHealth: false);
            if (attempt is not null)
            {
                return PoolDecision.Forward;
            }

            // Nothing with room among the healthy: full if some healthy member offers the resources at all.
            var anyUsable = group.Members.Any(m => !m.Config.Disabled && (!m.UsesHealth || m.State.IsHealthy)
                && rule.Resources.All(r => m.Resources.CapacityOf(r) > 0));
            if (!anyUsable && Options.Health.WhenAllDown == AllDownPolicy.TryAll)
            {
                attempt = PoolAttempt.ForGroup(this, request, group, rule.ResourceArray, ignoreHealth: true);
            }

            return Decide(attempt, anyUsable ? PoolDecision.Full : PoolDecision.Unavailable);
        }

        return PoolDecision.NotPooled;
    }

    /// <summary>A BYE (either way) ends a load-balanced call: its resources go back.</summary>
    public void OnBye(SipMessage bye)
    {
        ArgumentNullException.ThrowIfNull(bye);
        Calls.End(bye.CallId.Span);
    }

    /// <summary>Releases answered calls past their lifetime (a BYE never seen); returns how many.</summary>
    public int SweepExpiredCalls() => Calls.Sweep(_time.GetUtcNow());

    /// <summary>
    /// Orders a set for a request: each priority tier's usable members in the order
    /// <paramref name="tierOrder"/> gives them (the set's policy for calls, the AOR's hash for
    /// REGISTERs), the highest tier first (with <paramref name="ignoreHealth"/>, down members count
    /// as usable).
    /// </summary>
    internal static DispatcherMember[] Order<TTierOrder>(DispatcherSet set, TTierOrder tierOrder, bool ignoreHealth)
        where TTierOrder : struct, ITierOrder
    {
        var result = new List<DispatcherMember>(set.Members.Count);
        var candidates = new List<DispatcherMember>(set.Members.Count);
        Span<int> order = set.Members.Count <= 64 ? stackalloc int[set.Members.Count] : new int[set.Members.Count];
        foreach (var tier in set.Tiers)
        {
            candidates.Clear();
            foreach (var m in tier)
            {
                if (!m.Config.Disabled && (ignoreHealth || m.State.IsHealthy) && m.State.Destination is not null)
                {
                    candidates.Add(m);
                }
            }

            if (candidates.Count == 0)
            {
                continue;
            }

            tierOrder.Order(candidates, order);
            for (var i = 0; i < candidates.Count; i++)
            {
                result.Add(candidates[order[i]]);
            }
        }

        return [.. result];
    }

    internal void OnTryCompleted(SipMessage request, DestinationState state, LoadBalancerReservation? reservation, ForwardingError error, int status)
    {
        if (status is >= 200 and < 300)
        {
            state.CountAnswered();
        }
        else if (error != ForwardingError.None)
        {
            state.CountFailed();
        }

        if (Options.Health.Passive)
        {
            if (error.IsHealthFailure())
            {
                _health.Report(state, HealthSignal.PassiveFailure, error switch
                {
                    ForwardingError.NoAnswer => "no answer to a call in time",
                    ForwardingError.Transport => "transport error on a call",
                    _ => "503 to a call",
                });
            }
            else
            {
                _health.Report(state, HealthSignal.PassiveSuccess);
            }
        }

        if (reservation is null)
        {
            return;
        }

        if (status is >= 200 and < 300 && request.Method == SipMethod.Invite)
        {
            // The call is up: it keeps its resources until its BYE (or its lifetime runs out).
            Ledger.Reacquire(reservation);
            Calls.Commit(request.CallId.Span, reservation, _time.GetUtcNow() + Options.LoadBalancer.CallLifetime);
        }
        else
        {
            Ledger.Release(reservation);
        }
    }

    private PoolDecision Decide(PoolAttempt? attempt, PoolDecision otherwise)
    {
        if (attempt is not null)
        {
            return PoolDecision.Forward;
        }

        Metrics.Rejected(otherwise == PoolDecision.Full ? "full" : "unavailable");
        return otherwise;
    }
}
