namespace Bridgehead.Sip.Transport;

/// <summary>Settings of the WS and WSS listeners (RFC 7118), under <c>Sip:Transport:WebSocket</c>.</summary>
public sealed class SipWebSocketOptions
{
    /// <summary>
    /// Browser origins allowed to connect, such as "https://agents.example.com" or
    /// "https://*.example.com"; empty admits every origin. Handshakes without an Origin header
    /// (softphones, load tools) are always admitted: the origin check protects browsers only
    /// (RFC 6455 §10.2), and SIP digest authentication still applies to every REGISTER.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>How long a new connection may take to send its whole opening handshake: 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Largest WebSocket frame payload, and largest message assembled from fragments, in octets;
    /// larger ones close the connection with 1009. 0 (the default) uses the transport's
    /// <see cref="SipTransportOptions.MaxMessageSize"/>, since one WebSocket message carries one SIP message.
    /// </summary>
    public int MaxFrameSize { get; set; }

    /// <summary>
    /// Whether a plain HTTP request (one without an Upgrade header) on a WS or WSS listener goes to
    /// the host's HTTP pipeline — the web phone served on the port the browser then connects its
    /// WebSocket to — instead of being refused with 426. Off by default; WebSocket handshakes are
    /// always SIP's.
    /// </summary>
    public bool ServeHttp { get; set; }
}
