namespace Bridgehead.Sip.Transport;

/// <summary>Process settings of the SIP transport, bound at start and validated with every error listed.</summary>
public sealed class SipTransportOptions
{
    public const string SectionName = "Sip:Transport";

    /// <summary>
    /// Listen addresses such as <c>udp:0.0.0.0:5060</c>, <c>tcp:[::]:5060</c>, <c>tls:0.0.0.0:5061</c>,
    /// <c>udp:10.0.0.1:5060 as 203.0.113.5:5060</c>, <c>ws:127.0.0.1:8080</c>, <c>wss:0.0.0.0:7443</c>; see <see cref="ListenAddress"/>. Port 0 binds an
    /// ephemeral port (tests).
    /// </summary>
    public IList<string> Listen { get; } = [];

    /// <summary>Largest message accepted or sent, headers and body: 64 KiB (UDP cannot carry more anyway).</summary>
    public int MaxMessageSize { get; set; } = Framing.SipStreamFramer.DefaultMaxMessageSize;

    /// <summary>Most stream connections open at once, inbound and outbound together.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// A connection with no traffic for this long and no lease is closed: 300 s (WebSocket connections
    /// get a Close frame with 1001 first). Connections that
    /// carry registrations are kept by a lease (<see cref="Connections.SipConnectionTable.ExtendLease"/>)
    /// rather than by a longer timeout, so lifetime follows the registration.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>A message whose headers or body stall this long closes the connection: 10 s (slowloris).</summary>
    public TimeSpan IncompleteMessageTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed to open an outbound connection, TLS handshake included: 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>UDP socket receive buffer in octets (0 keeps the system default): 4 MiB, capped by net.core.rmem_max.</summary>
    public int UdpReceiveBufferSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>UDP socket send buffer in octets (0 keeps the system default): 1 MiB, capped by net.core.wmem_max.</summary>
    public int UdpSendBufferSize { get; set; } = 1024 * 1024;

    /// <summary>Octets a stream connection may have queued behind a slow reader before it is closed: 1 MiB.</summary>
    public int MaxSendQueue { get; set; } = 1024 * 1024;

    /// <summary>
    /// Stream connections (TCP, TLS, WS, WSS) read and write on the socket engine's own thread
    /// instead of handing each read and each send to the thread pool: true. SIP processing never
    /// blocks (storage waits are asynchronous), and with thousands of mostly idle browser
    /// connections a hand-off per message costs more CPU than the message itself — two thread
    /// wake-ups per REGISTER. HTTP requests (management API, pages) still continue on the thread
    /// pool. False restores Kestrel's default dispatching; the runtime's own inline completions
    /// are switched off separately, with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0.
    /// </summary>
    public bool InlineSocketScheduling { get; set; } = true;

    /// <summary>Where the generated TLS certificate is kept: "data" under the working directory unless set.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>TLS certificate and peer validation (also for WSS).</summary>
    public SipTlsOptions Tls { get; set; } = new();

    /// <summary>WS and WSS listeners: allowed origins, handshake timeout, frame size.</summary>
    public SipWebSocketOptions WebSocket { get; set; } = new();
}
