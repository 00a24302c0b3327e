using System.Text;

namespace Bridgehead.Sip;

/// <summary>
/// One Via value: <c>sent-protocol LWS sent-by *( SEMI via-params )</c> (RFC 3261 §20.42), where
/// sent-protocol is "SIP/2.0/transport" with white space allowed around the slashes (RFC 4475 wsinv)
/// and unknown transports are kept (RFC 4475 transports).
/// </summary>
public readonly struct Via
{
    /// <summary>RFC 3261 §8.1.1.7: branches of RFC 3261 elements start with this cookie.</summary>
    public static ReadOnlySpan<byte> MagicCookie => "z9hG4bK"u8;

    /// <summary>The transport token as written, e.g. UDP, TCP, WSS, SCTP.</summary>
    public ReadOnlyMemory<byte> TransportToken { get; init; }

    /// <summary>The transport, when Bridgehead speaks it.</summary>
    public SipTransportKind? Transport { get; init; }

    /// <summary>The sent-by host; an IPv6 reference keeps its brackets.</summary>
    public ReadOnlyMemory<byte> Host { get; init; }

    /// <summary>The sent-by port, or 0 when absent.</summary>
    public int Port { get; init; }

    /// <summary>The via-params including the leading ';'.</summary>
    public ReadOnlyMemory<byte> Parameters { get; init; }

    /// <summary>The sent-by text "host[:port]" exactly as written (transaction matching, RFC 3261 §17.2.3).</summary>
    public ReadOnlyMemory<byte> SentBy { get; init; }

    public ReadOnlyMemory<byte> Branch => Get("branch"u8);

    public bool HasBranch => SipParameters.TryGet(Parameters.Span, "branch"u8, out _);

    /// <summary>True for RFC 3261 branches; RFC 2543 peers send none or another form (RFC 4475 inv2543).</summary>
    public bool HasMagicCookie => Branch.Span.StartsWith(MagicCookie) && Branch.Length > MagicCookie.Length;

    public ReadOnlyMemory<byte> Received => Get("received"u8);

    /// <summary>RFC 3581: the client asks for the source port with a valueless "rport".</summary>
    public bool HasRport => SipParameters.TryGet(Parameters.Span, "rport"u8, out _);

    public ReadOnlyMemory<byte> Maddr => Get("maddr"u8);

    public string HostText => Encoding.ASCII.GetString(Host.Span.Length > 0 && Host.Span[0] == '[' ? Host.Span[1..^1] : Host.Span);

    public bool TryGetParameter(ReadOnlySpan<byte> name, out ReadOnlyMemory<byte> value) =>
        SipParameters.TryGet(Parameters, name, out value);

    /// <summary>The port to answer to when no rport is used: the explicit port, else the transport's default (RFC 3261 §18.2.2).</summary>
    public int PortOrDefault => Port != 0 ? Port : (Transport is SipTransportKind.Tls or SipTransportKind.Wss ? 5061 : 5060);

    private ReadOnlyMemory<byte> Get(ReadOnlySpan<byte> name) =>
        SipParameters.TryGet(Parameters, name, out var value) ? value : default;

    /// <summary>Parses one Via value (already split from its comma list).</summary>
    public static bool TryParse(ReadOnlyMemory<byte> text, out Via via)
    {
        via = default;
        var s = text.Span;
        var p = 0;

        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, SLASH = SWS "/" SWS
        if (!ReadToken(s, ref p, out var name) || !System.Text.Ascii.EqualsIgnoreCase(s[name], "SIP"u8)
            || !ReadSlash(s, ref p) || !ReadToken(s, ref p, out var version) || !s[version].SequenceEqual("2.0"u8)
            || !ReadSlash(s, ref p) || !ReadToken(s, ref p, out var transport))
        {
            return false;
        }

        // LWS is required before sent-by.
        var beforeSentBy = p;
        p = SkipLws(s, p);
        if (p == beforeSentBy)
        {
            return false;
        }

        var sentByStart = p;
        if (!SipUriParser.TryParseHostPort(s, ref p, out var host, out var port))
        {
            // RFC 3261 allows LWS around the port colon (COLON = SWS ":" SWS).
            return false;
        }

        var sentByEnd = p;
        var parameters = text[p..];
        if (!SipParameters.IsValid(parameters.Span))
        {
            return false;
        }

        var kind = ParseTransport(s[transport]);
        via = new Via
        {
            TransportToken = text[transport],
            Transport = kind,
            Host = text[host],
            Port = port,
            SentBy = text[sentByStart..sentByEnd],
            Parameters = parameters,
        };
        return true;
    }

    private static bool ReadToken(ReadOnlySpan<byte> s, ref int p, out Range token)
    {
        var start = p;
        var length = s[p..].IndexOfAnyExcept(SipText.Token);
        p = length < 0 ? s.Length : p + length;
        token = start..p;
        return p > start;
    }

    // The transports of SipTransportKindExtensions.TryParse, compared as bytes (no char copy).
    private static SipTransportKind? ParseTransport(ReadOnlySpan<byte> token) => token.Length switch
    {
        2 when System.Text.Ascii.EqualsIgnoreCase(token, "WS"u8) => SipTransportKind.Ws,
        3 when System.Text.Ascii.EqualsIgnoreCase(token, "UDP"u8) => SipTransportKind.Udp,
        3 when System.Text.Ascii.EqualsIgnoreCase(token, "TCP"u8) => SipTransportKind.Tcp,
        3 when System.Text.Ascii.EqualsIgnoreCase(token, "TLS"u8) => SipTransportKind.Tls,
        3 when System.Text.Ascii.EqualsIgnoreCase(token, "WSS"u8) => SipTransportKind.Wss,
        _ => null,
    };

    private static bool ReadSlash(ReadOnlySpan<byte> s, ref int p)
    {
        p = SkipLws(s, p);
        if (p >= s.Length || s[p] != '/')
        {
            return false;
        }

        p = SkipLws(s, p + 1);
        return true;
    }

    private static int SkipLws(ReadOnlySpan<byte> s, int p)
    {
        while (p < s.Length && SipText.IsWhitespace(s[p]))
        {
            p++;
        }

        return p;
    }
}
