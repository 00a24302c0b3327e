using System.Net;
using System.Text;
using Bridgehead.Sip;
using Microsoft.Extensions.Options;

namespace Bridgehead.Routing;

/// <summary>
/// What "this edge" means when a URI or Via is examined: the configured domains, and every
/// listener's advertised and bound address with its port. Built once the listeners are bound.
/// </summary>
public sealed class LocalAddresses
{
    private readonly ISipListenerCatalog _catalog;
    private readonly ProxyOptions _options;
    private Snapshot? _snapshot;

    public LocalAddresses(ISipListenerCatalog catalog, IOptions<ProxyOptions> options)
    {
        _catalog = catalog;
        _options = options.Value;
    }

    /// <summary>The first configured domain, else the first listener's advertised host.</summary>
    public string PrimaryDomain => Current.PrimaryDomain;

    public IReadOnlyList<SipListenerInfo> Listeners => _catalog.Listeners;

    /// <summary>True when the host names this edge: a configured domain or a listener address.</summary>
    public bool IsLocalHost(ReadOnlySpan<byte> host)
    {
        var snapshot = Current;
        host = StripBrackets(host);
        foreach (var domain in snapshot.Domains)
        {
            if (Ascii.EqualsIgnoreCase(host, domain))
            {
                return true;
            }
        }

        foreach (var entry in snapshot.Hosts)
        {
            if (Ascii.EqualsIgnoreCase(host, entry.Host))
            {
                return true;
            }
        }

        return MatchesAddress(snapshot.Hosts, host, port: 0);
    }

    /// <summary>
    /// True when a Request-URI is for this edge's users: its host is a local domain, or one of our
    /// addresses — and, when it names a port, one we listen on. A switch on the same host as the
    /// edge (sip:9000@127.0.0.1:5090, its Contact in a dialog) is a next hop, not a local user.
    /// </summary>
    public bool IsLocalTarget(in SipUri uri)
    {
        var host = StripBrackets(uri.Host.Span);
        if (!IsLocalHost(host))
        {
            return false;
        }

        if (uri.Port == 0)
        {
            return true;
        }

        foreach (var domain in Current.Domains)
        {
            if (Ascii.EqualsIgnoreCase(host, domain))
            {
                return true;
            }
        }

        return IsListenerAddress(host, uri.Port);
    }

    /// <summary>
    /// True when the URI addresses this edge itself (a Route or Request-URI we put there):
    /// a listener's host and port, or a local domain without a port.
    /// </summary>
    public bool IsMe(in SipUri uri)
    {
        if (!uri.IsSip)
        {
            return false;
        }

        var host = StripBrackets(uri.Host.Span);
        if (uri.Port == 0)
        {
            foreach (var domain in Current.Domains)
            {
                if (Ascii.EqualsIgnoreCase(host, domain))
                {
                    return true;
                }
            }
        }

        var port = uri.Port != 0 ? uri.Port : uri.Scheme == UriScheme.Sips || uri.Transport is SipTransportKind.Tls ? 5061 : 5060;
        return IsListenerAddress(host, port);
    }

    /// <summary>True when a Via sent-by names one of our listeners (for loop detection, RFC 3261 §16.3 step 4).</summary>
    public bool IsMe(in Via via) => IsListenerAddress(StripBrackets(via.Host.Span), via.PortOrDefault);

    /// <summary>The listener a URI of ours names (by transport, host and port), if any.</summary>
    public SipListenerInfo? ListenerFor(in SipUri uri, SipTransportKind transport)
    {
        var host = StripBrackets(uri.Host.Span);
        var port = uri.PortOrDefault(transport);
        foreach (var entry in Current.Hosts)
        {
            if (entry.Listener.Transport == transport && entry.Port == port && Ascii.EqualsIgnoreCase(host, entry.Host))
            {
                return entry.Listener;
            }
        }

        return null;
    }

    private bool IsListenerAddress(ReadOnlySpan<byte> host, int port)
    {
        var snapshot = Current;
        foreach (var entry in snapshot.Hosts)
        {
            if (entry.Port == port && Ascii.EqualsIgnoreCase(host, entry.Host))
            {
                return true;
            }
        }

        return MatchesAddress(snapshot.Hosts, host, port);
    }

    /// <summary>
    /// Another spelling of one of our addresses (e.g. an expanded IPv6 form), on <paramref name="port"/>
    /// (0: any). The host is parsed only when some entry could match: this runs for every Via and
    /// Route of every request, and most name someone else.
    /// </summary>
    private static bool MatchesAddress(HostEntry[] hosts, ReadOnlySpan<byte> host, int port)
    {
        IPAddress? address = null;
        foreach (var entry in hosts)
        {
            if (port != 0 && entry.Port != port)
            {
                continue;
            }

            if (address is null && !TryParseAddress(host, out address))
            {
                return false;
            }

            if (address.Equals(entry.Address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The listener a request came in on.</summary>
    public SipListenerInfo? Listener(int id)
    {
        foreach (var l in _catalog.Listeners)
        {
            if (l.Id == id)
            {
                return l;
            }
        }

        return null;
    }

    /// <summary>
    /// The listener to send from for a transport and address family: prefer the one the request
    /// arrived on when it fits, else the first of that transport and family.
    /// </summary>
    public SipListenerInfo? ChooseListener(SipTransportKind transport, System.Net.Sockets.AddressFamily family, int preferredId = -1)
    {
        SipListenerInfo? fallback = null;
        foreach (var l in _catalog.Listeners)
        {
            if (l.Transport != transport || l.LocalEndPoint.AddressFamily != family && !l.LocalEndPoint.Address.Equals(IPAddress.IPv6Any))
            {
                continue;
            }

            if (l.Id == preferredId)
            {
                return l;
            }

            fallback ??= l;
        }

        return fallback;
    }

    private Snapshot Current => _snapshot ??= Build();

    private Snapshot Build()
    {
        var domains = new List<byte[]>();
        foreach (var d in _options.Domains)
        {
            domains.Add(Encoding.ASCII.GetBytes(d.Trim().ToLowerInvariant()));
        }

        var hosts = new List<HostEntry>();
        foreach (var l in _catalog.Listeners)
        {
            var advertised = StripBrackets(Encoding.ASCII.GetBytes(l.AdvertisedHost)).ToArray();
            hosts.Add(new HostEntry(advertised, l.AdvertisedPort, TryParseAddress(advertised, out var a) ? a : null, l));
            foreach (var address in BoundAddresses(l.LocalEndPoint.Address))
            {
                hosts.Add(new HostEntry(Encoding.ASCII.GetBytes(address.ToString().ToLowerInvariant()), l.LocalEndPoint.Port, address, l));
            }
        }

        var primary = _options.Domains.Count > 0 ? _options.Domains[0] : _catalog.Listeners.Count > 0 ? _catalog.Listeners[0].AdvertisedHost : "localhost";
        return new Snapshot([.. domains], [.. hosts], primary);
    }

    // A wildcard listener answers on every local address; name the loopback ones explicitly.
    private static IEnumerable<IPAddress> BoundAddresses(IPAddress address)
    {
        if (address.Equals(IPAddress.Any))
        {
            return [IPAddress.Loopback, address];
        }

        if (address.Equals(IPAddress.IPv6Any))
        {
            return [IPAddress.IPv6Loopback, IPAddress.Loopback, address];
        }

        return [address];
    }

    private static ReadOnlySpan<byte> StripBrackets(ReadOnlySpan<byte> host) =>
        host.Length >= 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;

    private static bool TryParseAddress(ReadOnlySpan<byte> host, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (host.IsEmpty || host.Length > 45 || host.ContainsAnyExcept(SipText.Ipv6Char))
        {
            return false;
        }

        Span<char> chars = stackalloc char[host.Length];
        for (var i = 0; i < host.Length; i++)
        {
            chars[i] = (char)host[i];
        }

        return IPAddress.TryParse(chars, out address);
    }

    /// <summary>Lower-case host without IPv6 brackets, IP addresses in canonical form.</summary>
    public static string HostKey(ReadOnlySpan<byte> host)
    {
        host = StripBrackets(host);
        if (TryParseAddress(host, out var ip))
        {
            return ip.ToString().ToLowerInvariant();
        }

        return Encoding.ASCII.GetString(host).ToLowerInvariant();
    }

    private sealed record HostEntry(byte[] Host, int Port, IPAddress? Address, SipListenerInfo Listener);

    private sealed record Snapshot(byte[][] Domains, HostEntry[] Hosts, string PrimaryDomain);
}
