using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bridgehead.Sip.Transport;

/// <summary>
/// One listen address in the OpenSIPS-like form <c>scheme:address[:port] [as host[:port]]</c>:
/// <c>udp:127.0.0.1:5060</c>, <c>tcp:[::1]:5060</c>, <c>tls:0.0.0.0:5061</c>,
/// <c>udp:10.0.0.1:5060 as 203.0.113.5:5060</c>. The part after <c>as</c> is what Via, Record-Route
/// and Path advertise when the socket sits behind NAT (OpenSIPS's <c>as</c>, Kamailio's
/// <c>advertise</c>).
/// </summary>
public sealed record ListenAddress
{
    private ListenAddress(SipTransportKind transport, IPEndPoint endPoint, string? advertisedHost, int? advertisedPort)
    {
        Transport = transport;
        EndPoint = endPoint;
        AdvertisedHost = advertisedHost;
        AdvertisedPort = advertisedPort;
    }

    /// <summary>The transport named by the scheme.</summary>
    public SipTransportKind Transport { get; }

    /// <summary>The address and port to bind; port 0 asks the system for an ephemeral port.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The host (IP literal or DNS name) given after <c>as</c>, or null.</summary>
    public string? AdvertisedHost { get; }

    /// <summary>The port given after <c>as</c>, or null (then the bound port is advertised).</summary>
    public int? AdvertisedPort { get; }

    /// <summary>The port assumed when a listen address names none: 5060, or 5061 for TLS (RFC 3261 §19.1.2).</summary>
    public static int DefaultPort(SipTransportKind transport) => transport switch
    {
        SipTransportKind.Tls => 5061,
        SipTransportKind.Ws => 80,
        SipTransportKind.Wss => 443,
        _ => 5060,
    };

    /// <summary>Parses a listen address; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ListenAddress? address, out string error)
    {
        address = null;
        var s = (text ?? string.Empty).AsSpan().Trim();
        if (s.IsEmpty)
        {
            error = "the listen address is empty";
            return false;
        }

        var colon = s.IndexOf(':');
        if (colon <= 0)
        {
            error = $"'{s}' has no scheme; write it as udp:, tcp: or tls: followed by an address";
            return false;
        }

        var scheme = s[..colon];
        if (!SipTransportKindExtensions.TryParse(scheme, out var transport))
        {
            error = $"unknown scheme '{scheme}' (expected udp, tcp, tls, ws or wss)";
            return false;
        }

        var rest = s[(colon + 1)..];
        ReadOnlySpan<char> bindPart = rest;
        ReadOnlySpan<char> advertisedPart = default;
        var hasAs = SplitAs(rest, ref bindPart, ref advertisedPart);
        var blank = bindPart.IndexOfAny(' ', '\t');
        if (blank >= 0)
        {
            error = $"unexpected text '{bindPart[blank..].Trim()}' after the address (only 'as <address>' may follow)";
            return false;
        }

        if (!TryParseHostPort(bindPart, out var bindHost, out var bindPort, out error))
        {
            error = $"bind address: {error}";
            return false;
        }

        if (!IPAddress.TryParse(bindHost, out var ip) || !IsLiteral(bindHost))
        {
            error = $"bind address '{bindHost}' is not an IPv4 or bracketed IPv6 literal (use 'as' to advertise a host name)";
            return false;
        }

        string? advertisedHost = null;
        int? advertisedPort = null;
        if (hasAs)
        {
            if (advertisedPart.IsEmpty)
            {
                error = "'as' is not followed by an address to advertise";
                return false;
            }

            if (!TryParseHostPort(advertisedPart, out var host, out var port, out error))
            {
                error = $"advertised address: {error}";
                return false;
            }

            if (IsLiteral(host) && IPAddress.TryParse(host, out var advertisedIp))
            {
                if (advertisedIp.Equals(IPAddress.Any) || advertisedIp.Equals(IPAddress.IPv6Any))
                {
                    error = $"advertised address '{host}' is a wildcard; advertise an address peers can reach";
                    return false;
                }

                host = advertisedIp.ToString();
            }
            else if (!IsDnsName(host))
            {
                error = $"advertised host '{host}' is neither an IP literal nor a DNS name";
                return false;
            }

            if (port == 0)
            {
                error = "advertised port 0 cannot be reached; give 1-65535 or leave the port out";
                return false;
            }

            advertisedHost = host;
            advertisedPort = port;
        }

        address = new ListenAddress(transport, new IPEndPoint(ip, bindPort ?? DefaultPort(transport)), advertisedHost, advertisedPort);
        error = string.Empty;
        return true;
    }

    /// <summary>Parses a listen address or throws <see cref="FormatException"/> with the reason.</summary>
    public static ListenAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException($"'{text}': {error}");

    /// <summary>The canonical text form, which <see cref="TryParse"/> reads back to an equal value.</summary>
    public override string ToString()
    {
        var bind = $"{Transport.Scheme()}:{FormatHost(EndPoint.Address.ToString())}:{EndPoint.Port.ToString(CultureInfo.InvariantCulture)}";
        if (AdvertisedHost is null)
        {
            return bind;
        }

        return AdvertisedPort is { } port
            ? $"{bind} as {FormatHost(AdvertisedHost)}:{port.ToString(CultureInfo.InvariantCulture)}"
            : $"{bind} as {FormatHost(AdvertisedHost)}";
    }

    internal static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;

    // "udp:10.0.0.1:5060 as 203.0.113.5" — 'as' is a separate word, any case, surrounded by blanks.
    private static bool SplitAs(ReadOnlySpan<char> rest, ref ReadOnlySpan<char> bind, ref ReadOnlySpan<char> advertised)
    {
        for (var i = 0; i + 1 < rest.Length; i++)
        {
            if (!char.IsWhiteSpace(rest[i]))
            {
                continue;
            }

            var word = rest[i..].TrimStart();
            if (word.Length >= 2 && word[..2].Equals("as", StringComparison.OrdinalIgnoreCase) && (word.Length == 2 || char.IsWhiteSpace(word[2])))
            {
                bind = rest[..i].TrimEnd();
                advertised = word[2..].Trim();
                return true;
            }

            break;
        }

        return false;
    }

    private static bool TryParseHostPort(ReadOnlySpan<char> text, out string host, out int? port, out string error)
    {
        host = string.Empty;
        port = null;
        if (text.IsEmpty)
        {
            error = "the address is missing";
            return false;
        }

        ReadOnlySpan<char> portText;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                error = $"'{text}' opens '[' without closing it";
                return false;
            }

            host = text[1..close].ToString();
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{host}' in brackets is not an IPv6 address";
                return false;
            }

            var after = text[(close + 1)..];
            if (after.IsEmpty)
            {
                error = string.Empty;
                return true;
            }

            if (after[0] != ':')
            {
                error = $"unexpected '{after}' after ']'";
                return false;
            }

            portText = after[1..];
        }
        else
        {
            var first = text.IndexOf(':');
            if (first >= 0 && text[(first + 1)..].Contains(':'))
            {
                error = $"'{text}' looks like an IPv6 address; write it in brackets, as [::1]:5060";
                return false;
            }

            if (first < 0)
            {
                host = text.ToString();
                error = string.Empty;
                return ValidateNoBlanks(host, out error);
            }

            host = text[..first].ToString();
            portText = text[(first + 1)..];
            if (!ValidateNoBlanks(host, out error))
            {
                return false;
            }
        }

        if (portText.IsEmpty || portText.Length > 5 || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > 65535)
        {
            error = $"port '{portText}' is not a number from 0 to 65535";
            return false;
        }

        port = p;
        error = string.Empty;
        return true;
    }

    private static bool ValidateNoBlanks(string host, out string error)
    {
        if (host.Length == 0 || host.AsSpan().ContainsAny(" \t"))
        {
            error = host.Length == 0 ? "the host is missing" : $"unexpected text in '{host}'";
            return false;
        }

        error = string.Empty;
        return true;
    }

    // IPAddress.TryParse also accepts "1" or "1.2" (inet_aton forms); a listen address must be a full literal.
    private static bool IsLiteral(string host) =>
        host.Contains(':', StringComparison.Ordinal) || host.AsSpan().Count('.') == 3;

    private static bool IsDnsName(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        // "10.0.0" is not a host name: a name whose last label is numeric would be read as an address.
        return !char.IsAsciiDigit(host[^1]) || !host.Split('.')[^1].All(char.IsAsciiDigit);
    }
}
