using System.Net;
using Bridgehead.Sip;

namespace Bridgehead.Routing;

/// <summary>A local SIP listener as the edge sees it: what it is bound to and what it advertises.</summary>
public sealed record SipListenerInfo(int Id, SipTransportKind Transport, IPEndPoint LocalEndPoint, string AdvertisedHost, int AdvertisedPort)
{
    /// <summary>"udp:127.0.0.1:5060": how a binding records the listener it arrived on.</summary>
    public string Name { get; } = $"{Transport.Scheme()}:{LocalEndPoint}";

    /// <summary>"host:port" as it goes into Via sent-by and Record-Route (IPv6 in brackets).</summary>
    public string HostPort => AdvertisedHost.Contains(':', StringComparison.Ordinal) && !AdvertisedHost.StartsWith('[')
        ? $"[{AdvertisedHost}]:{AdvertisedPort}"
        : $"{AdvertisedHost}:{AdvertisedPort}";
}

/// <summary>The listeners the transport opened (their real ports are known only after start).</summary>
public interface ISipListenerCatalog
{
    IReadOnlyList<SipListenerInfo> Listeners { get; }
}
