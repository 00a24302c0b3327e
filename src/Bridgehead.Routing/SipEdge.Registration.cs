using System.Net;
using Bridgehead.Routing.Pool;
using Bridgehead.Routing.Proxy;
using Bridgehead.Routing.Registrar;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Routing;

/// <summary>
/// Registration through the edge in the three modes of <see cref="RegistrationMode"/>, and the
/// way back: requests a switch sends to a user it learned of from a relayed REGISTER (by our
/// Path, or to a Contact the edge presented) go to where the edge's location has the user now.
/// </summary>
public sealed partial class SipEdge
{
    private IPEndPoint? _defaultRouteEndPoint;
    private bool _defaultRouteEndPointRead;

    private async Task RegisterAsync(ServerTransaction transaction, RouteSet routes)
    {
        var mode = Registrar.Options.Mode;
        if (mode == RegistrationMode.Forward)
        {
            // The switch authenticates: it holds the subscribers, and a challenge of the edge's
            // realm on top of the switch's is one a UA cannot answer (it keeps one set of credentials).
            if (!Registrar.Validate(transaction))
            {
                return;
            }

            if (await RegistrarTargetsAsync(transaction.Request).ConfigureAwait(false) is not { } targets)
            {
                RespondLocally(transaction, 503, "Service Unavailable (No Registrar Available)");
                return;
            }

            Forward(transaction, routes, targets.Groups, recordRoute: false, targets.Failover);
            return;
        }

        if (!await AuthorizeAsync(transaction, registrar: true).ConfigureAwait(false))
        {
            return;
        }

        // Kept before the answer: the server transaction lets go of its request once answered.
        var request = transaction.Request;
        var source = transaction.Source;
        var saved = await Registrar.RegisterAsync(transaction, ListenerName(source), CancellationToken.None).ConfigureAwait(false);
        if (saved && mode == RegistrationMode.Replicate)
        {
            await ReplicateAsync(request, source, routes).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Where a user's REGISTER goes: the switches of the registration set in rendezvous-hash order
    /// of the AOR (failing over like a call), else the default route (the embedded node); null when
    /// there is none (or every switch of the set is down).
    /// </summary>
    private async Task<(List<IReadOnlyList<ForwardingTarget>> Groups, IFailoverTargets? Failover)?> RegistrarTargetsAsync(SipMessage request)
    {
        if (Pool is not null && AddressOfRecord.TryCreate(request.To.Uri, Registrar.Options.MultiDomain, out var aor))
        {
            switch (Pool.RouteRegister(request, aor, Registrar.Options.Set, out var attempt))
            {
                case PoolDecision.Forward:
                    return ([], attempt);
                case PoolDecision.Unavailable or PoolDecision.Full:
                    return null;
            }
        }

        if (DefaultRoute is { } route && await ResolveAsync(route).ConfigureAwait(false) is { } destination)
        {
            return ([[new ForwardingTarget(ReadOnlyMemory<byte>.Empty, destination)]], null);
        }

        return null;
    }

    /// <summary>
    /// The copy of a REGISTER that leaves for a switch: Path naming the edge with the user's flow
    /// when the switch stores Path, and a Contact the switch can reach (see <see cref="RelayContact"/>).
    /// </summary>
    internal ForwardPlan RelayedRegister(ForwardPlan plan, SipMessage request, in SipDestination source, in SipDestination destination)
    {
        var path = Pool?.SupportsPath(destination, Registrar.Options.Path) ?? Registrar.Options.Path;
        var contact = RelayContact.Rewrite(request, source, plan.Outbound, always: !path, out var otherLines);
        var remove = plan.RemoveHeaders;
        if (otherLines.Count > 0)
        {
            remove = [.. remove, .. otherLines];
        }

        return plan with
        {
            Path = path ? RelayContact.PathParameters(request, source) : null,
            Contact = contact,
            RemoveHeaders = remove,
        };
    }

    /// <summary>A REGISTER of one of our users on its way to a switch (not one the edge merely proxies to another domain).</summary>
    private bool IsRelayedRegister(SipMessage request) => request.Method == SipMethod.Register && Local.IsLocalHost(request.Uri.Host.Span);

    /// <summary>
    /// Forward mode: the switch said 2xx to a relayed REGISTER. The edge saves the bindings first
    /// (so a call from the switch finds the user once the user knows it is registered), then passes
    /// the 2xx on with the user's own contacts in it. False when this is not such an answer.
    /// </summary>
    internal bool TryCompleteRelayedRegister(ServerTransaction server, SipMessage response)
    {
        if (Registrar.Options.Mode != RegistrationMode.Forward || response.StatusCode is < 200 or >= 300
            || server.HasFinalResponse || !IsRelayedRegister(server.Request))
        {
            return false;
        }

        _ = CompleteRelayedRegisterAsync(server, response);
        return true;
    }

    private async Task CompleteRelayedRegisterAsync(ServerTransaction server, SipMessage response)
    {
        try
        {
            var granted = RelayContact.GrantedExpiries(response, out var headerExpires);
            if (!await Registrar.SaveRelayedAsync(server, ListenerName(server.Source), granted, headerExpires, CancellationToken.None).ConfigureAwait(false))
            {
                return;
            }

            var vias = response.Values(HeaderId.Via);
            if (!vias.MoveNext())
            {
                return;
            }

            using var editor = new SipMessageEditor(response);
            editor.RemoveValue(vias.Current);
            RelayContact.Restore(editor, response);
            Metrics.ResponseForwarded(response.StatusCode);
            server.SendResponse(response.StatusCode, editor.ToArray());
        }
        catch (Exception ex)
        {
            Log.Failed(_logger, server.Source, ex);
            if (!server.HasFinalResponse)
            {
                RespondLocally(server, 500, "Server Internal Error");
            }
        }
    }

    /// <summary>
    /// Whether a request comes from the switch pool — a dispatcher or load-balancer destination, a
    /// trusted address, or the default route's own address (the embedded node) — and so is neither
    /// challenged nor sent back into the pool.
    /// </summary>
    private bool IsFromPool(in SipDestination source)
    {
        if (Pool?.IsTrusted(source.EndPoint) == true)
        {
            return true;
        }

        if (!_defaultRouteEndPointRead)
        {
            if (DefaultRoute is { } route && NextHop.TryParseAddress(route.Host.Span, out var address))
            {
                _defaultRouteEndPoint = new IPEndPoint(address, route.PortOrDefault(NextHop.TransportOf(route)));
            }

            _defaultRouteEndPointRead = true;
        }

        return _defaultRouteEndPoint is { } d && d.Equals(source.EndPoint);
    }

    /// <summary>
    /// True when an initial request is addressed to a registration the edge relayed: to a Contact
    /// the edge presented (its key names the user's contact), or through our Path (RFC 3327 §5.3;
    /// the entry names the contact, and the flow of a connection). The target is where the edge's
    /// location has that contact now — the binding follows the user's connection — or null when
    /// the user cannot be reached.
    /// </summary>
    private bool TryRegisteredTarget(SipMessage request, RouteSet routes, out ForwardingTarget? target)
    {
        target = null;
        if (RelayContact.TryRead(request.Uri, out var contact))
        {
            target = RegisteredContactTarget(contact, contact);
            return true;
        }

        if (routes.OwnRoute is { } own && RelayContact.TryReadPath(own.Uri, out contact, out var flow))
        {
            // The Request-URI is the contact as the switch stored it: it stays.
            target = RegisteredContactTarget(contact, ReadOnlyMemory<byte>.Empty)
                ?? (flow is { } f ? new ForwardingTarget(ReadOnlyMemory<byte>.Empty, f) : null);
            return true;
        }

        return false;
    }

    private ForwardingTarget? RegisteredContactTarget(byte[] contact, ReadOnlyMemory<byte> requestUri)
    {
        var binding = Registrar.Table.FindByContact(contact);
        if (binding is null || binding.IsExpiredAt(Time.GetUtcNow()) || !Registrar.IsReachable(binding) || BindingDestination(binding) is not { } destination)
        {
            return null;
        }

        return new ForwardingTarget(requestUri, destination);
    }

    private void ForwardToRegistered(ServerTransaction transaction, RouteSet routes, ForwardingTarget? target)
    {
        if (target is null)
        {
            RespondLocally(transaction, 480, "Temporarily Unavailable");
            Log.NoRoute(_logger, transaction.Request.Uri, 480);
            return;
        }

        Forward(transaction, routes, [[target]], recordRoute: true);
    }
}
