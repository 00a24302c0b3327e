using Bridgehead.Routing.Auth;
using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;

namespace Bridgehead.Routing;

public sealed partial class SipEdge
{
    private void OnRequest(SipMessage request, in SipDestination source)
    {
        var disposition = Transactions.ReceiveRequest(request, source, out var server, out var cancelled);
        switch (disposition)
        {
            case RequestDisposition.Retransmission or RequestDisposition.AckAbsorbed:
                return;
            case RequestDisposition.StrayAck:
                ForwardAck(request, source);
                return;
        }

        var transaction = server!;
        if (request.Method == SipMethod.Cancel)
        {
            HandleCancel(transaction, cancelled);
            return;
        }

        if (IsLoop(request))
        {
            RespondLocally(transaction, 482, "Loop Detected");
            return;
        }

        if (request.MaxForwards == 0)
        {
            // RFC 3261 §16.3 step 3; an OPTIONS for the proxy itself may still be answered (§11).
            if (request.Method == SipMethod.Options && IsAddressedToMe(request.Uri))
            {
                RespondToOptions(transaction);
            }
            else
            {
                RespondLocally(transaction, 483, "Too Many Hops");
            }

            return;
        }

        if (UnsupportedProxyRequire(request) is { } unsupported)
        {
            // RFC 3261 §16.3 step 5 (RFC 4475 bext01).
            RespondLocally(transaction, 420, "Bad Extension", HeaderId.Unsupported, unsupported);
            return;
        }

        if (!request.Uri.IsSip)
        {
            // RFC 4475 unkscm/novelsc: a scheme this proxy cannot route on.
            RespondLocally(transaction, 416, "Unsupported URI Scheme");
            return;
        }

        var routes = RouteSet.Process(request, Local);
        if (request.To.HasTag)
        {
            RouteInDialog(transaction, routes);
            return;
        }

        _ = RouteInitialAsync(transaction, routes);
    }

    /// <summary>Initial requests: local answers, the registrar, authentication, then location or routing.</summary>
    private async Task RouteInitialAsync(ServerTransaction transaction, RouteSet routes)
    {
        var request = transaction.Request;
        try
        {
            if (routes.NextRoute is null && request.Method == SipMethod.Options && IsAddressedToMe(request.Uri))
            {
                RespondToOptions(transaction);
                return;
            }

            var localTarget = routes.NextRoute is null && Local.IsLocalTarget(request.Uri);
            if (request.Method == SipMethod.Register && localTarget)
            {
                await RegisterAsync(transaction, routes).ConfigureAwait(false);
                return;
            }

            // A switch of the pool is not challenged: it calls users on the edge's say-so (originate, agent to agent).
            var fromPool = IsFromPool(transaction.Source);
            if (request.Method is not (SipMethod.Ack or SipMethod.Cancel) && !fromPool && IsFromLocalUser(request)
                && !await AuthorizeAsync(transaction, registrar: false).ConfigureAwait(false))
            {
                return;
            }

            if (routes.NextRoute is { } next)
            {
                // A pre-loaded Route set (RFC 3261 §16.4, §16.6 step 6): send to its first hop.
                await ForwardToUriAsync(transaction, routes, next.Uri, recordRoute: true).ConfigureAwait(false);
                return;
            }

            if (TryRegisteredTarget(request, routes, out var registered))
            {
                ForwardToRegistered(transaction, routes, registered);
                return;
            }

            if (localTarget)
            {
                await ForwardToUserAsync(transaction, routes, fromPool: fromPool).ConfigureAwait(false);
                return;
            }

            if (!fromPool && IsFromLocalUser(request) && TryForwardToPool(transaction, routes))
            {
                return;
            }

            if (DefaultRoute is { } outbound)
            {
                await ForwardToUriAsync(transaction, routes, outbound, recordRoute: true).ConfigureAwait(false);
                return;
            }

            // Never an open relay.
            RespondLocally(transaction, 403, "Forbidden (Relaying Denied)");
        }
        catch (Exception ex)
        {
            Log.Failed(_logger, transaction.Source, ex);
            if (!transaction.HasFinalResponse)
            {
                RespondLocally(transaction, 500, "Server Internal Error");
            }
        }
    }

    /// <summary>Requests for a local user: the registered contacts, grouped by q (RFC 3261 §16.5, §16.6).</summary>
    private async Task ForwardToUserAsync(ServerTransaction transaction, RouteSet routes, bool recordRoute = true, bool fromPool = false)
    {
        var request = transaction.Request;
        if (!Routing.Registrar.AddressOfRecord.TryCreate(request.Uri, Registrar.Options.MultiDomain, out var aor))
        {
            RespondLocally(transaction, 404, "Not Found");
            return;
        }

        var bindings = Registrar.LiveBindings(aor);
        if (bindings.Count == 0)
        {
            // A user we know (a subscriber, or one with bindings on record) who has no live
            // contact is unavailable (480) — the switches are not asked to find them. Any other
            // name (an extension such as 9196, a queue, a number) is the switches' business.
            // A request from a switch is never sent back into the pool.
            var known = !Registrar.Table.Lookup(aor).IsEmpty || await Authenticator.IsSubscriberAsync(Routing.Registrar.AddressOfRecord.User(aor)).ConfigureAwait(false);
            if (!known && !fromPool)
            {
                if (recordRoute && IsFromLocalUser(request) && TryForwardToPool(transaction, routes))
                {
                    return;
                }

                if (DefaultRoute is { } outbound)
                {
                    await ForwardToUriAsync(transaction, routes, outbound, recordRoute).ConfigureAwait(false);
                    return;
                }
            }

            RespondLocally(transaction, known ? 480 : 404, known ? "Temporarily Unavailable" : "Not Found");
            Log.NoRoute(_logger, request.Uri, known ? 480 : 404);
            return;
        }

        var groups = new List<IReadOnlyList<ForwardingTarget>>();
        List<ForwardingTarget>? group = null;
        var groupQ = -1;
        foreach (var binding in bindings)
        {
            if (BindingDestination(binding) is not { } destination)
            {
                continue;
            }

            if (binding.Q != groupQ)
            {
                group = [];
                groups.Add(group);
                groupQ = binding.Q;
            }

            group!.Add(new ForwardingTarget(System.Text.Encoding.UTF8.GetBytes(binding.ContactUri), destination, binding.Q));
        }

        if (groups.Count == 0)
        {
            RespondLocally(transaction, 480, "Temporarily Unavailable");
            return;
        }

        Forward(transaction, routes, groups, recordRoute);
    }

    private async Task ForwardToUriAsync(ServerTransaction transaction, RouteSet routes, SipUri nextHop, bool recordRoute)
    {
        var destination = await ResolveAsync(nextHop).ConfigureAwait(false);
        if (destination is null)
        {
            RespondLocally(transaction, 404, "Not Found (Next Hop Does Not Resolve)");
            return;
        }

        Forward(transaction, routes, [[new ForwardingTarget(routes.NewRequestUri, destination.Value)]], recordRoute);
    }

    /// <summary>In-dialog requests follow their Route set (loose routing, RFC 3261 §16.4, §12.2).</summary>
    private void RouteInDialog(ServerTransaction transaction, RouteSet routes)
    {
        var request = transaction.Request;
        if (request.Method == SipMethod.Bye)
        {
            Pool?.OnBye(request);
            Media?.OnBye(request);
        }

        if (routes.NextRoute is { } next)
        {
            _ = ForwardInDialogAsync(transaction, routes, next.Uri);
            return;
        }

        if (routes.ConsumedAny)
        {
            var target = routes.NewRequestUri.IsEmpty ? request.Uri : SipUri.TryParse(routes.NewRequestUri, out var uri) ? uri : request.Uri;
            _ = ForwardInDialogAsync(transaction, routes, target);
            return;
        }

        if (FlowTarget(request.Uri) is not null)
        {
            // Addressed to a WebSocket client's Contact as the edge presented it, without our Route.
            _ = ForwardInDialogAsync(transaction, routes, request.Uri);
            return;
        }

        if (Local.IsLocalHost(request.Uri.Host.Span) && request.Uri.HasUser)
        {
            // A peer that ignored Record-Route (sipp's built-in UAC, RFC 2543 stacks) sends
            // in-dialog requests to the edge's address: route them like the initial request.
            _ = ForwardToUserInDialogAsync(transaction, routes);
            return;
        }

        RespondLocally(transaction, 404, "Not Here");
    }

    private async Task ForwardToUserInDialogAsync(ServerTransaction transaction, RouteSet routes)
    {
        try
        {
            await ForwardToUserAsync(transaction, routes, recordRoute: false).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.Failed(_logger, transaction.Source, ex);
            RespondLocally(transaction, 500, "Server Internal Error");
        }
    }

    private async Task ForwardInDialogAsync(ServerTransaction transaction, RouteSet routes, SipUri target)
    {
        try
        {
            var flow = FlowTarget(target);
            var destination = flow?.Destination ?? ContactDestination(target) ?? await ResolveAsync(target).ConfigureAwait(false);
            if (destination is null)
            {
                RespondLocally(transaction, 404, "Not Found (Next Hop Does Not Resolve)");
                return;
            }

            Forward(transaction, routes, [[new ForwardingTarget(flow?.RequestUri ?? routes.NewRequestUri, destination.Value)]], recordRoute: false);
        }
        catch (Exception ex)
        {
            Log.Failed(_logger, transaction.Source, ex);
            RespondLocally(transaction, 500, "Server Internal Error");
        }
    }

    private void Forward(ServerTransaction transaction, RouteSet routes, List<IReadOnlyList<ForwardingTarget>> groups, bool recordRoute, IFailoverTargets? failover = null)
    {
        if (transaction.HasFinalResponse)
        {
            // Answered while a lookup was under way (a CANCEL's 487 during authentication):
            // forwarding now would ring a phone nobody is calling any more.
            return;
        }

        var request = transaction.Request;
        var inbound = Local.Listener(transaction.Source.ListenerId) ?? Local.Listeners[0];
        var plan = new ForwardPlan
        {
            Inbound = inbound,
            Outbound = routes.ExitListener ?? inbound,
            Source = transaction.Source.EndPoint,
            RemoveRoutes = routes.Consumed,
            RemoveHeaders = Authenticator.OwnCredentials(request),
            AppendRoute = routes.AppendRoute,
            RecordRoute = recordRoute && IsDialogCreating(request.Method),
        };

        if (request.Method == SipMethod.Invite)
        {
            // RFC 3261 §16.2: a stateful proxy answers an INVITE with 100 Trying at once.
            RespondLocally(transaction, 100, "Trying");
        }

        if (Media is { } media && media.Engages(request))
        {
            _ = ForwardWithMediaAsync(transaction, plan, groups, failover);
            return;
        }

        StartProxy(transaction, plan, groups, failover, media: null);
    }

    private async Task<bool> AuthorizeAsync(ServerTransaction transaction, bool registrar)
    {
        if (!Authenticator.Enabled)
        {
            return true;
        }

        var request = transaction.Request;
        var result = await Authenticator.CheckAsync(request, proxy: !registrar, CancellationToken.None).ConfigureAwait(false);
        switch (result.Status)
        {
            case AuthStatus.Authorized:
                // The authenticated user may only act as itself: To for REGISTER, From otherwise.
                var claimed = registrar ? request.To.Uri : request.From.Uri;
                if (!string.Equals(claimed.UserText, result.Username, StringComparison.Ordinal))
                {
                    RespondLocally(transaction, 403, "Forbidden (Identity Mismatch)");
                    return false;
                }

                return true;
            case AuthStatus.Forbidden:
                RespondLocally(transaction, 403, "Forbidden");
                return false;
            default:
                Challenge(transaction, registrar, stale: result.Status == AuthStatus.Stale);
                return false;
        }
    }

    private static bool IsDialogCreating(SipMethod method) => method is SipMethod.Invite or SipMethod.Subscribe or SipMethod.Refer;
}
