using Bridgehead.Routing.Pool;
using Bridgehead.Routing.Proxy;
using Bridgehead.Sip.Transactions;

namespace Bridgehead.Routing;

public sealed partial class SipEdge
{
    /// <summary>The switch pool (dispatcher sets and load-balancer groups), when the host composed one.</summary>
    internal PoolRouter? Pool { get; }

    /// <summary>
    /// A call from a user that is not for a registered user goes to the pool when a rule takes it
    /// (never one that comes from a pool destination: that would loop): 503 when no
    /// destination can take it (all down, disabled or full), else a response context whose last
    /// group fails over from switch to switch. False when no rule takes it (the default route, or
    /// 403/404, follow as before).
    /// </summary>
    private bool TryForwardToPool(ServerTransaction transaction, RouteSet routes)
    {
        if (Pool is null || transaction.Request.Method == Sip.SipMethod.Register)
        {
            return false;
        }

        switch (Pool.Route(transaction.Request, transaction.Source, out var attempt))
        {
            case PoolDecision.NotPooled:
                return false;
            case PoolDecision.Full:
                RespondLocally(transaction, 503, "Service Unavailable (All Destinations Full)");
                return true;
            case PoolDecision.Unavailable:
                RespondLocally(transaction, 503, "Service Unavailable (No Destination Available)");
                return true;
            default:
                Forward(transaction, routes, [], recordRoute: true, attempt);
                return true;
        }
    }
}
