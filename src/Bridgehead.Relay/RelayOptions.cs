namespace Bridgehead.Relay;

/// <summary>
/// Process settings of the media relay (configuration section "Relay"), bound at start and
/// validated with every error listed. The defaults follow rtpengine's where it has one.
/// </summary>
public sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary>Lowest media port: 30000 (rtpengine's --port-min). RTP takes even ports, RTCP the next odd one.</summary>
    public int PortMin { get; set; } = 30000;

    /// <summary>Highest media port: 40000 (rtpengine's --port-max).</summary>
    public int PortMax { get; set; } = 40000;

    /// <summary>
    /// The addresses media is received on, each with the address written into SDP for it. A relay
    /// with a private and a public interface lists both, and ng's <c>direction</c> (or
    /// from-/to-interface) picks one per leg. Empty: one interface named "default" on 0.0.0.0,
    /// advertising the host's primary address.
    /// </summary>
    public IList<RelayInterfaceOptions> Interfaces { get; } = [];

    /// <summary>
    /// A session that has had neither media nor signalling for this long is ended: 60 s
    /// (rtpengine's --timeout). Media in either direction on any stream keeps it alive.
    /// </summary>
    public TimeSpan MediaTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often sessions are checked for the timeout and delayed deletes: 1 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Threads forwarding packets. Each serves the sockets of the calls given to it through one
    /// epoll set, so a few threads carry thousands of ports; a call's sockets all live on one
    /// thread, so its SRTP state is never shared. Default 1; on a busy host other work can keep a
    /// single worker off the CPU long enough for the sockets' receive buffers to overflow
    /// (measured: 10–39% loss at 500 calls with builds running), so a media-heavy edge sets 2+.
    /// </summary>
    public int WorkerThreads { get; set; } = 1;

    /// <summary>Most sessions at once; an offer beyond it is refused. Default 10,000.</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>Media socket receive buffer in octets; 0 keeps the system default.</summary>
    public int SocketReceiveBufferSize { get; set; }

    /// <summary>Media socket send buffer in octets; 0 keeps the system default.</summary>
    public int SocketSendBufferSize { get; set; }

    /// <summary>
    /// Time a DTLS-SRTP handshake may take from the first connectivity check until keys: 30 s,
    /// the time Chromium gives ICE before it fails.
    /// </summary>
    public TimeSpan DtlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The ng control listener, for OpenSIPS, Kamailio or another edge.</summary>
    public RelayNgOptions Ng { get; set; } = new();
}

/// <summary>One interface of the relay: where its sockets are bound and what SDP says about them.</summary>
public sealed class RelayInterfaceOptions
{
    /// <summary>The name ng's <c>direction</c> refers to (rtpengine's --interface=NAME/IP!ADVERTISED).</summary>
    public string Name { get; set; } = "default";

    /// <summary>Local address the media sockets bind to.</summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>
    /// The address written into c= and candidates for legs on this interface (the public address
    /// of a host behind 1:1 NAT). Null: the bound address, or the host's primary address when
    /// bound to a wildcard.
    /// </summary>
    public string? AdvertisedAddress { get; set; }
}

/// <summary>The ng protocol's UDP listener (ng-protocol §1).</summary>
public sealed class RelayNgOptions
{
    /// <summary>
    /// Address to listen on, such as 127.0.0.1:2223 (Debian's rtpengine port) or [::1]:22222.
    /// Null (the default): no listener; the edge drives the relay in process.
    /// </summary>
    public string? Listen { get; set; }

    /// <summary>
    /// How long a reply is kept for a retransmitted request with the same cookie: 30 s. The
    /// proxy modules retry after about a second and give up after a few tries.
    /// </summary>
    public TimeSpan ReplyCacheTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most replies kept; the oldest go first. Default 10,000.</summary>
    public int MaxCachedReplies { get; set; } = 10_000;
}
