using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;

namespace Bridgehead.Routing;

public sealed partial class SipEdge
{
    /// <summary>Sends one branch of a proxied request on its own client transaction.</summary>
    internal void StartBranch(ProxyContext context, ProxyBranch branch)
    {
        var request = context.Request;
        var target = branch.Target;
        var family = target.Destination.EndPoint.AddressFamily;
        var preferred = target.Destination.ListenerId >= 0 ? target.Destination.ListenerId : context.Plan.Outbound.Id;
        var outbound = Local.ChooseListener(target.Destination.Transport, family, preferred);
        if (outbound is null)
        {
            Log.NoListener(_logger, target.Destination.Transport, target.Destination);
            context.OnBranchFailure(branch, TransactionFailure.TransportError);
            return;
        }

        Span<byte> branchBuffer = stackalloc byte[BranchGenerator.MaxLength];
        var length = _branches.Write(branchBuffer, BranchGenerator.LoopHash(request));
        var branchId = branchBuffer[..length].ToArray();

        var plan = context.Plan with { Outbound = outbound, RequestUri = target.RequestUri, Contact = FlowContactFor(request, context.Server.Source, outbound), Body = context.Media?.BodyFor(outbound.Transport) };
        if (IsRelayedRegister(request))
        {
            plan = RelayedRegister(plan, request, context.Server.Source, target.Destination);
        }

        var bytes = RequestForwarder.Build(request, plan, branchId, ProxyOptions.DefaultMaxForwards);
        var destination = target.Destination with { ListenerId = outbound.Id };
        Metrics.Forwarded(request.Method);
        branch.Transaction = Transactions.StartClient(bytes, request.Method, request.CSeq.MethodToken, branchId, destination, branch, context);
    }

    /// <summary>CANCEL for a pending INVITE branch (RFC 3261 §9.1, §16.10).</summary>
    internal void SendCancel(ClientTransaction invite)
    {
        var cancel = SipRequests.CancelFor(invite.ParsedRequest);
        try
        {
            Transactions.StartClient(cancel, SipMethod.Cancel, "CANCEL"u8.ToArray(), invite.Branch, invite.Destination, CancelOwner.Instance);
        }
        catch (InvalidOperationException)
        {
            // A CANCEL for this branch is already under way.
        }
    }

    /// <summary>Sends a downstream response upstream without our Via (RFC 3261 §16.7 steps 9–10).</summary>
    internal void ForwardResponseUpstream(ServerTransaction server, SipMessage response, ProxyBranch? branch = null)
    {
        if (branch is not null && TryCompleteRelayedRegister(server, response))
        {
            return;
        }

        if (branch?.Context.Media is { } exchange && Media is not null)
        {
            ForwardResponseWithMedia(server, response, branch, exchange);
            return;
        }

        SendResponseUpstream(server, response, branch, body: null);
    }

    /// <summary>The response upstream, with a new body (SDP rewritten by the relay) when given.</summary>
    private void SendResponseUpstream(ServerTransaction server, SipMessage response, ProxyBranch? branch, byte[]? body)
    {
        // A WebSocket callee's Contact is presented as the edge's toward the caller (see FlowContact).
        var contact = branch is not null && Local.Listener(server.Source.ListenerId) is { } facing
            ? FlowContactFor(response, branch.Target.Destination, facing)
            : null;
        if (StripTopVia(response, contact, body) is { } bytes)
        {
            Metrics.ResponseForwarded(response.StatusCode);
            server.SendResponse(response.StatusCode, bytes);
        }
    }

    private static byte[]? StripTopVia(SipMessage response, byte[]? contact = null, byte[]? body = null)
    {
        var enumerator = response.Values(HeaderId.Via);
        if (!enumerator.MoveNext())
        {
            return null;
        }

        var top = enumerator.Current;
        if (!enumerator.MoveNext())
        {
            // Only our own Via: the response was for us, there is nowhere upstream to send it.
            return null;
        }

        using var editor = new SipMessageEditor(response);
        editor.RemoveValue(top);
        if (contact is not null && response.IndexOf(HeaderId.Contact) is var index and >= 0)
        {
            editor.ReplaceHeaderValue(index, contact);
        }

        if (body is not null)
        {
            editor.ReplaceBody(body);
        }

        return editor.ToArray();
    }

    /// <summary>
    /// The ACK of a 2xx is its own transaction end to end (RFC 3261 §13.2.2.4): routed by its
    /// Route set like any in-dialog request, statelessly.
    /// </summary>
    private void ForwardAck(SipMessage ack, SipDestination source)
    {
        var routes = RouteSet.Process(ack, Local);
        SipUri target;
        if (routes.NextRoute is { } next)
        {
            target = next.Uri;
        }
        else if (routes.ConsumedAny)
        {
            target = routes.NewRequestUri.IsEmpty ? ack.Uri : SipUri.TryParse(routes.NewRequestUri, out var uri) ? uri : ack.Uri;
        }
        else if (FlowTarget(ack.Uri) is not null)
        {
            // To a WebSocket client's Contact as the edge presented it (see FlowContact).
            target = ack.Uri;
        }
        else if (Local.IsLocalHost(ack.Uri.Host.Span) && ack.Uri.HasUser && LocalUserTarget(ack) is { } user)
        {
            // The ACK of a peer that ignored Record-Route, addressed to the edge (see RouteInDialog).
            target = user;
        }
        else
        {
            return;
        }

        _ = ForwardAckAsync(ack, source, routes, target);
    }

    /// <summary>Where a request to a local user's AOR goes without a transaction: the best contact, else the default route.</summary>
    private SipUri? LocalUserTarget(SipMessage request)
    {
        if (Routing.Registrar.AddressOfRecord.TryCreate(request.Uri, Registrar.Options.MultiDomain, out var aor))
        {
            var bindings = Registrar.LiveBindings(aor);
            if (bindings.Count > 0 && SipUri.TryParse(bindings[0].ContactUri, out var contact))
            {
                return contact;
            }
        }

        return DefaultRoute;
    }

    private async Task ForwardAckAsync(SipMessage ack, SipDestination source, RouteSet routes, SipUri target)
    {
        try
        {
            var flow = FlowTarget(target);
            var destination = flow?.Destination ?? ContactDestination(target) ?? await ResolveAsync(target).ConfigureAwait(false);
            if (destination is null)
            {
                return;
            }

            var inbound = Local.Listener(source.ListenerId) ?? Local.Listeners[0];
            var preferred = routes.ExitListener?.Id ?? inbound.Id;
            var outbound = Local.ChooseListener(destination.Value.Transport, destination.Value.EndPoint.AddressFamily, destination.Value.ListenerId >= 0 ? destination.Value.ListenerId : preferred);
            if (outbound is null)
            {
                return;
            }

            var branch = new byte[BranchGenerator.MaxLength];
            var length = _branches.WriteStateless(branch, BranchGenerator.LoopHash(ack), ack.TopVia.Branch.Span);
            var plan = new ForwardPlan
            {
                Inbound = inbound,
                Outbound = outbound,
                Source = source.EndPoint,
                RequestUri = flow?.RequestUri ?? routes.NewRequestUri,
                RemoveRoutes = routes.Consumed,
                AppendRoute = routes.AppendRoute,
                Body = await AckBodyAsync(ack).ConfigureAwait(false),
            };
            var bytes = RequestForwarder.Build(ack, plan, branch.AsSpan(0, length), ProxyOptions.DefaultMaxForwards);
            Metrics.Forwarded(SipMethod.Ack);
            Sender.Send(destination.Value with { ListenerId = outbound.Id }, bytes);
        }
        catch (Exception ex)
        {
            Log.Failed(_logger, source, ex);
        }
    }
}
