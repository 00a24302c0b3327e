using System.Net;

namespace Bridgehead.Ng.Client;

/// <summary>Where the relay listens and how patiently to wait for it.</summary>
public sealed record NgUdpClientOptions
{
    /// <summary>The relay's ng address (rtpengine's --listen-ng; Debian's default port is 2223).</summary>
    public required IPEndPoint RemoteEndPoint { get; init; }

    /// <summary>Local address to send from; any address of the remote's family when null.</summary>
    public IPEndPoint? LocalEndPoint { get; init; }

    /// <summary>
    /// Wait this long for a reply before sending the request again. The proxy modules wait
    /// about a second per try (Kamailio's rtpengine_tout_ms defaults to 1000).
    /// </summary>
    public TimeSpan RetransmitInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Sends per request, the first included; then the request fails with Timeout.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Requests waiting for a reply at once; more are refused at once with Overloaded.</summary>
    public int MaxPendingRequests { get; init; } = 1024;

    /// <summary>
    /// Prefix of every cookie ("&lt;prefix&gt;_&lt;counter&gt;"). It must differ between client
    /// instances: rtpengine caches replies by cookie, so a restarted client that reused cookies
    /// would be answered from the cache. Random when null.
    /// </summary>
    public string? CookiePrefix { get; init; }
}
