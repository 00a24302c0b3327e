namespace Bridgehead.Sip;

/// <summary>
/// The transports a SIP hop can use: the Via "transport" token and the URI "transport" parameter
/// name one of these (RFC 3261 §18, RFC 7118 for WS/WSS).
/// </summary>
public enum SipTransportKind : byte
{
    Udp,
    Tcp,
    Tls,
    Ws,
    Wss,
}

/// <summary>Facts about a transport that the proxy and registrar reason about.</summary>
public static class SipTransportKindExtensions
{
    /// <summary>Stream transports frame messages by Content-Length and keep a connection.</summary>
    public static bool IsStream(this SipTransportKind kind) => kind != SipTransportKind.Udp;

    /// <summary>TLS and WSS carry a secure hop (sips: rules, RFC 3261 §26.2).</summary>
    public static bool IsSecure(this SipTransportKind kind) => kind is SipTransportKind.Tls or SipTransportKind.Wss;

    /// <summary>WebSocket hops can only be reached over a connection the client opened (RFC 7118 §5).</summary>
    public static bool IsWebSocket(this SipTransportKind kind) => kind is SipTransportKind.Ws or SipTransportKind.Wss;

    /// <summary>The token used in a Via header: "UDP", "TCP", "TLS", "WS", "WSS".</summary>
    public static string ViaToken(this SipTransportKind kind) => kind switch
    {
        SipTransportKind.Udp => "UDP",
        SipTransportKind.Tcp => "TCP",
        SipTransportKind.Tls => "TLS",
        SipTransportKind.Ws => "WS",
        SipTransportKind.Wss => "WSS",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The scheme used in listen addresses and URI transport parameters: "udp", "tcp", …</summary>
    public static string Scheme(this SipTransportKind kind) => kind switch
    {
        SipTransportKind.Udp => "udp",
        SipTransportKind.Tcp => "tcp",
        SipTransportKind.Tls => "tls",
        SipTransportKind.Ws => "ws",
        SipTransportKind.Wss => "wss",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses a transport token case-insensitively (Via's "UDP" or a URI's "udp").</summary>
    public static bool TryParse(ReadOnlySpan<char> token, out SipTransportKind kind)
    {
        Span<char> lower = stackalloc char[4];
        if (token.Length is 0 or > 4)
        {
            kind = default;
            return false;
        }

        var n = token.ToLowerInvariant(lower);
        kind = lower[..n] switch
        {
            "udp" => SipTransportKind.Udp,
            "tcp" => SipTransportKind.Tcp,
            "tls" => SipTransportKind.Tls,
            "ws" => SipTransportKind.Ws,
            "wss" => SipTransportKind.Wss,
            _ => (SipTransportKind)255,
        };
        return kind != (SipTransportKind)255;
    }
}
