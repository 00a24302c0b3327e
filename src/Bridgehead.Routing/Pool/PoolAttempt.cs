using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;

namespace Bridgehead.Routing.Pool;

/// <summary>
/// One call's way through the pool, as the response context's failover group: the destinations to
/// try in order (a dispatcher set's policy order, or the least-loaded load-balancer member with
/// room, chosen afresh at each try), what each try came to for passive health, and the call's
/// resources (held by the try under way; kept by the try that answered).
/// </summary>
internal sealed class PoolAttempt : IFailoverTargets
{
    private readonly PoolRouter _router;
    private readonly SipMessage _request;
    private readonly DispatcherMember[]? _order;
    private readonly LoadBalancerGroup? _group;
    private readonly string[] _resources;
    private readonly bool _ignoreHealth;
    private readonly List<Try> _tries = [];
    private readonly Lock _gate = new();
    private int _next;
    private ForwardingTarget? _primed;

    private PoolAttempt(PoolRouter router, SipMessage request, DispatcherMember[]? order, LoadBalancerGroup? group, string[] resources, bool ignoreHealth)
    {
        _router = router;
        _request = request;
        _order = order;
        _group = group;
        _resources = resources;
        _ignoreHealth = ignoreHealth;
    }

    public TimeSpan NoAnswerTimeout => _router.Options.NoAnswerTimeout;

    /// <summary>Destinations tried so far.</summary>
    public int Tries
    {
        get
        {
            lock (_gate)
            {
                return _tries.Count;
            }
        }
    }

    /// <summary>An attempt over a dispatcher set's members in policy order; null when none is usable.</summary>
    public static PoolAttempt? ForSet(PoolRouter router, SipMessage request, DispatcherMember[] order, bool ignoreHealth)
    {
        var attempt = new PoolAttempt(router, request, order, null, [], ignoreHealth);
        return attempt.Prime() ? attempt : null;
    }

    /// <summary>An attempt over a load-balancer group; null when no member has room.</summary>
    public static PoolAttempt? ForGroup(PoolRouter router, SipMessage request, LoadBalancerGroup group, string[] resources, bool ignoreHealth)
    {
        var attempt = new PoolAttempt(router, request, null, group, resources, ignoreHealth);
        return attempt.Prime() ? attempt : null;
    }

    public ForwardingTarget? Next()
    {
        lock (_gate)
        {
            if (_primed is { } primed)
            {
                _primed = null;
                return primed;
            }

            return TakeNext();
        }
    }

    public bool FailsOver(int status) => status == 408 || status is >= 500 and < 600;

    public void Completed(ForwardingTarget target, ForwardingError error, int status)
    {
        Try? attempt = null;
        lock (_gate)
        {
            foreach (var t in _tries)
            {
                if (ReferenceEquals(t.Target, target))
                {
                    attempt = t;
                    break;
                }
            }
        }

        if (attempt is not null)
        {
            _router.OnTryCompleted(_request, attempt.State, attempt.Reservation, error, status);
        }
    }

    private bool Prime()
    {
        lock (_gate)
        {
            _primed = TakeNext();
            return _primed is not null;
        }
    }

    private ForwardingTarget? TakeNext()
    {
        DestinationState? state = null;
        LoadBalancerReservation? reservation = null;
        if (_order is not null)
        {
            while (_next < _order.Length)
            {
                var member = _order[_next++];

                // Health may have changed since the order was made (a switch went down mid-call).
                if (!member.Config.Disabled && (_ignoreHealth || member.State.IsHealthy) && member.State.Destination is not null)
                {
                    state = member.State;
                    break;
                }
            }
        }
        else
        {
            var candidates = new List<LoadBalancerMember>();
            foreach (var member in _group!.Members)
            {
                if (!member.Config.Disabled && (_ignoreHealth || !member.UsesHealth || member.State.IsHealthy)
                    && member.State.Destination is not null && !_tries.Exists(t => ReferenceEquals(t.State, member.State)))
                {
                    candidates.Add(member);
                }
            }

            reservation = candidates.Count == 0 ? null : _router.Ledger.Reserve(candidates, _resources);
            state = reservation?.Member.State;
        }

        if (state?.Destination is not { } destination)
        {
            return null;
        }

        var target = new ForwardingTarget(ReadOnlyMemory<byte>.Empty, destination);
        _tries.Add(new Try(target, state, reservation));
        state.CountForwarded();
        _router.Metrics.Forwarded(loadBalancer: _group is not null, failover: _tries.Count > 1);
        return target;
    }

    private sealed record Try(ForwardingTarget Target, DestinationState State, LoadBalancerReservation? Reservation);
}
