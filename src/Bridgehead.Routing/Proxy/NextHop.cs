using System.Net;
using System.Net.Sockets;
using Bridgehead.Sip;

namespace Bridgehead.Routing.Proxy;

/// <summary>
/// Where a request for a URI goes (RFC 3263 in the simple form a call-centre edge needs): the
/// maddr or host of the URI, the transport its parameter or scheme names (UDP by default, TLS for
/// sips), the URI's port or the transport's default. Host names resolve through the system
/// resolver with a short cache; WebSocket hops cannot be dialled (RFC 7118 §5).
/// </summary>
public sealed class NextHop
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, (IPAddress Address, DateTimeOffset Expires)> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    public NextHop(TimeProvider time) => _time = time;

    /// <summary>How long a resolved name is reused.</summary>
    public TimeSpan CacheLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The transport a URI asks for.</summary>
    public static SipTransportKind TransportOf(in SipUri uri) =>
        uri.Transport ?? (uri.Scheme == UriScheme.Sips ? SipTransportKind.Tls : SipTransportKind.Udp);

    /// <summary>
    /// Resolves a URI to an endpoint. Completes synchronously for IP literals and cached names.
    /// Returns null when the host does not resolve.
    /// </summary>
    public ValueTask<SipDestination?> ResolveAsync(SipUri uri, CancellationToken cancellationToken)
    {
        var transport = TransportOf(uri);
        var hostBytes = uri.TryGetParameter("maddr"u8, out var maddr) ? maddr : uri.Host;
        var port = uri.PortOrDefault(transport);
        if (TryParseAddress(hostBytes.Span, out var ip))
        {
            return ValueTask.FromResult<SipDestination?>(new SipDestination(transport, new IPEndPoint(ip, port)));
        }

        var host = LocalAddresses.HostKey(hostBytes.Span);

        lock (_lock)
        {
            if (_cache.TryGetValue(host, out var cached) && cached.Expires > _time.GetUtcNow())
            {
                return ValueTask.FromResult<SipDestination?>(new SipDestination(transport, new IPEndPoint(cached.Address, port)));
            }
        }

        return ResolveSlowAsync(host, transport, port, cancellationToken);
    }

    /// <summary>An IP literal host (IPv6 with or without brackets), parsed without allocating text.</summary>
    public static bool TryParseAddress(ReadOnlySpan<byte> host, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (host.Length >= 2 && host[0] == '[' && host[^1] == ']')
        {
            host = host[1..^1];
        }

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

    private async ValueTask<SipDestination?> ResolveSlowAsync(string host, SipTransportKind transport, int port, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return null;
        }

        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
        if (address is null)
        {
            return null;
        }

        lock (_lock)
        {
            _cache[host] = (address, _time.GetUtcNow() + CacheLifetime);
        }

        return new SipDestination(transport, new IPEndPoint(address, port));
    }
}
