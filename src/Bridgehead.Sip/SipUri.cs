using System.Net;
using System.Text;

namespace Bridgehead.Sip;

public enum UriScheme : byte
{
    /// <summary>A scheme the edge does not route on (RFC 3261 absoluteURI), e.g. http: or isbn:.</summary>
    Other = 0,
    Sip,
    Sips,
    Tel,
}

/// <summary>
/// A SIP or SIPS URI (RFC 3261 §19.1) as slices of the bytes it was parsed from:
/// <c>sip:user:password@host:port;uri-parameters?headers</c>. Other schemes parse as
/// <see cref="UriScheme.Other"/> (or <see cref="UriScheme.Tel"/>) with only <see cref="Text"/> set.
/// User, password and parameters stay escaped as written; <see cref="UserText"/> unescapes.
/// </summary>
public readonly struct SipUri
{
    public ReadOnlyMemory<byte> Text { get; init; }

    public UriScheme Scheme { get; init; }

    public ReadOnlyMemory<byte> User { get; init; }

    public bool HasUser { get; init; }

    public ReadOnlyMemory<byte> Password { get; init; }

    /// <summary>The host as written; an IPv6 reference keeps its brackets (RFC 5118).</summary>
    public ReadOnlyMemory<byte> Host { get; init; }

    /// <summary>The explicit port, or 0 when the URI has none.</summary>
    public int Port { get; init; }

    /// <summary>The uri-parameters including the leading ';', up to the headers.</summary>
    public ReadOnlyMemory<byte> Parameters { get; init; }

    /// <summary>The headers after '?', without the '?'.</summary>
    public ReadOnlyMemory<byte> Headers { get; init; }

    public bool IsSip => Scheme is UriScheme.Sip or UriScheme.Sips;

    public bool IsIpv6Host => Host.Length > 0 && Host.Span[0] == '[';

    /// <summary>The host without IPv6 brackets, as text.</summary>
    public string HostText => Encoding.ASCII.GetString(IsIpv6Host ? Host.Span[1..^1] : Host.Span);

    /// <summary>The user part with %HH escapes resolved (RFC 3261 §19.1.4 compares users unescaped).</summary>
    public string UserText => UriEscaping.Unescape(User.Span);

    /// <summary>The "lr" parameter marks a loose router (RFC 3261 §16.4, §19.1.1).</summary>
    public bool IsLooseRouter => SipUriParameters.TryGet(Parameters.Span, "lr"u8, out _);

    /// <summary>The transport parameter, when it names a transport Bridgehead knows.</summary>
    public SipTransportKind? Transport
    {
        get
        {
            if (!SipUriParameters.TryGet(Parameters.Span, "transport"u8, out var range))
            {
                return null;
            }

            Span<char> chars = stackalloc char[8];
            var value = Parameters.Span[range];
            if (value.Length > chars.Length)
            {
                return null;
            }

            for (var i = 0; i < value.Length; i++)
            {
                chars[i] = (char)value[i];
            }

            return SipTransportKindExtensions.TryParse(chars[..value.Length], out var kind) ? kind : null;
        }
    }

    /// <summary>The transport parameter's raw value, present even for transports Bridgehead does not speak.</summary>
    public bool TryGetParameter(ReadOnlySpan<byte> name, out ReadOnlyMemory<byte> value)
    {
        if (SipUriParameters.TryGet(Parameters.Span, name, out var range))
        {
            value = Parameters[range];
            return true;
        }

        value = default;
        return false;
    }

    public bool HasParameter(ReadOnlySpan<byte> name) => SipUriParameters.TryGet(Parameters.Span, name, out _);

    /// <summary>The port to use: the explicit one, else 5061 for sips/TLS and 5060 otherwise (RFC 3263 §4.2 default).</summary>
    public int PortOrDefault(SipTransportKind transport) =>
        Port != 0 ? Port : (Scheme == UriScheme.Sips || transport.IsSecure() ? 5061 : 5060);

    public override string ToString() => Encoding.UTF8.GetString(Text.Span);

    public static SipUri Parse(string text) =>
        TryParse(Encoding.UTF8.GetBytes(text), out var uri) ? uri : throw new FormatException($"not a valid URI: {text}");

    public static bool TryParse(string text, out SipUri uri) => TryParse(Encoding.UTF8.GetBytes(text), out uri);

    /// <summary>Parses a URI. Syntax errors return false; unknown schemes parse as <see cref="UriScheme.Other"/>.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> text, out SipUri uri) => SipUriParser.TryParse(text, out uri);
}
