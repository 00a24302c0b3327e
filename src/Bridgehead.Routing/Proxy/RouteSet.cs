using Bridgehead.Sip;

namespace Bridgehead.Routing.Proxy;

/// <summary>
/// Route processing of RFC 3261 §16.4: the Route values at the top that name this edge are
/// consumed (two of them when the edge record-routed twice), and a Request-URI that names the
/// edge means the previous hop was a strict router, so the last Route value becomes the
/// Request-URI. What is left decides where the request goes next.
/// </summary>
public sealed class RouteSet
{
    // Most initial requests (REGISTER, INVITE from a UA without an outbound proxy) carry no
    // Route at all; they share this one, so route processing allocates nothing for them.
    private static readonly RouteSet Empty = new([]);

    private readonly List<HeaderValue> _consumed;

    private RouteSet(List<HeaderValue> consumed) => _consumed = consumed;

    /// <summary>Route values to remove, top first: ours, and a strict next hop's (it moves into the Request-URI).</summary>
    public IReadOnlyList<HeaderValue> Consumed => _consumed;

    /// <summary>Set when the Request-URI must be replaced (strict-router compatibility).</summary>
    public ReadOnlyMemory<byte> NewRequestUri { get; private set; }

    /// <summary>The listener named by the last Route we consumed, if any (the interface to leave by).</summary>
    public SipListenerInfo? ExitListener { get; private set; }

    /// <summary>The last Route value of ours that was consumed, with its parameters (a Path entry of ours carries the user's flow).</summary>
    public NameAddress? OwnRoute { get; private set; }

    /// <summary>The first Route value that is not ours: where the request goes next.</summary>
    public NameAddress? NextRoute { get; private set; }

    /// <summary>
    /// Set when <see cref="NextRoute"/> is a strict router (no lr): the Request-URI it replaces,
    /// which goes last in Route (RFC 3261 §16.6 step 6).
    /// </summary>
    public ReadOnlyMemory<byte> AppendRoute { get; private set; }

    public bool ConsumedAny => _consumed.Count > 0 || !NewRequestUri.IsEmpty;

    public static RouteSet Process(SipMessage request, LocalAddresses local)
    {
        if (!request.Has(HeaderId.Route))
        {
            return Empty;
        }

        var set = new RouteSet([]);
        var routes = new List<(HeaderValue Value, NameAddress Address)>();
        foreach (var value in request.Values(HeaderId.Route))
        {
            if (NameAddress.TryParse(value.Memory, out var address))
            {
                routes.Add((value, address));
            }
        }

        var first = 0;
        var last = routes.Count;
        if (routes.Count > 0 && !request.Uri.HasUser && local.IsMe(request.Uri))
        {
            // §16.4: the Request-URI is a Record-Route value we inserted; a strict router sent
            // it. The real target is the last Route value. Our Record-Route values carry ";lr"
            // (a strict router copies it along) and never a user part, so a Request-URI with a
            // user (sip:bob@example.com from an outbound-proxy client) names a user, not us.
            set.NewRequestUri = routes[^1].Address.UriText;
            set._consumed.Add(routes[^1].Value);
            last--;
        }

        while (first < last && local.IsMe(routes[first].Address.Uri))
        {
            set._consumed.Add(routes[first].Value);
            set.ExitListener = FindListener(local, routes[first].Address.Uri) ?? set.ExitListener;
            set.OwnRoute = routes[first].Address;
            first++;
        }

        if (first < last)
        {
            set.NextRoute = routes[first].Address;
            if (!routes[first].Address.Uri.IsLooseRouter)
            {
                // §16.6 step 6: a strict router expects to find itself in the Request-URI (RFC 4475 mpart01).
                set.AppendRoute = set.NewRequestUri.IsEmpty ? request.RequestUriMemory : set.NewRequestUri;
                set.NewRequestUri = routes[first].Address.UriText;
                set._consumed.Add(routes[first].Value);
            }
        }

        return set;
    }

    private static SipListenerInfo? FindListener(LocalAddresses local, in SipUri uri) => local.ListenerFor(uri, NextHop.TransportOf(uri));
}
