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
        var text = HostKey(host);
        return snapshot.Domains.Contains(text) || snapshot.Hosts.Contains(text);
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

        var snapshot = Current;
        var host = HostKey(uri.Host.Span);
        if (snapshot.Domains.Contains(host) && uri.Port == 0)
        {
            return true;
        }

        var port = uri.Port != 0 ? uri.Port : uri.Scheme == UriScheme.Sips || uri.Transport is SipTransportKind.Tls ? 5061 : 5060;
        return snapshot.HostPorts.Contains($"{host}:{port}");
    }

    /// <summary>True when a Via sent-by names one of our listeners (for loop detection, RFC 3261 §16.3 step 4).</summary>
    public bool IsMe(in Via via)
    {
        var host = HostKey(via.Host.Span);
        return Current.HostPorts.Contains($"{host}:{via.PortOrDefault}");
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
        var domains = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in _options.Domains)
        {
            domains.Add(d.Trim().ToLowerInvariant());
        }

        var hosts = new HashSet<string>(StringComparer.Ordinal);
        var hostPorts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var l in _catalog.Listeners)
        {
            var advertised = HostKey(Encoding.ASCII.GetBytes(l.AdvertisedHost));
            hosts.Add(advertised);
            hostPorts.Add($"{advertised}:{l.AdvertisedPort}");
            foreach (var address in BoundAddresses(l.LocalEndPoint.Address))
            {
                var key = address.ToString().ToLowerInvariant();
                hosts.Add(key);
                hostPorts.Add($"{key}:{l.LocalEndPoint.Port}");
            }
        }

        var primary = _options.Domains.Count > 0 ? _options.Domains[0] : _catalog.Listeners.Count > 0 ? _catalog.Listeners[0].AdvertisedHost : "localhost";
        return new Snapshot(domains, hosts, hostPorts, primary);
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

    /// <summary>Lower-case host without IPv6 brackets, IP addresses in canonical form.</summary>
    public static string HostKey(ReadOnlySpan<byte> host)
    {
        if (host.Length >= 2 && host[0] == '[' && host[^1] == ']')
        {
            host = host[1..^1];
        }

        var text = Encoding.ASCII.GetString(host).ToLowerInvariant();
        return IPAddress.TryParse(text, out var ip) ? ip.ToString().ToLowerInvariant() : text;
    }

    private sealed record Snapshot(HashSet<string> Domains, HashSet<string> Hosts, HashSet<string> HostPorts, string PrimaryDomain);
}
