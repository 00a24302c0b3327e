using System.Net;

namespace Bridgehead.Sip;

/// <summary>The RFC 3261 §25.1 SIP-URI grammar, with the RFC 5118 IPv6 reference rules.</summary>
internal static class SipUriParser
{
    public static bool TryParse(ReadOnlyMemory<byte> text, out SipUri uri)
    {
        uri = default;
        var s = text.Span;
        var colon = s.IndexOf((byte)':');
        if (colon <= 0 || !char.IsAsciiLetter((char)s[0]))
        {
            return false;
        }

        foreach (var b in s[..colon])
        {
            if (!char.IsAsciiLetterOrDigit((char)b) && b is not ((byte)'+' or (byte)'-' or (byte)'.'))
            {
                return false;
            }
        }

        var scheme = IdentifyScheme(s[..colon]);
        if (scheme is UriScheme.Other or UriScheme.Tel)
        {
            // absoluteURI: anything printable after the colon; the edge does not route on it.
            if (colon == s.Length - 1 || s[(colon + 1)..].ContainsAnyExcept(SipText.UriChar))
            {
                return false;
            }

            uri = new SipUri { Text = text, Scheme = scheme };
            return true;
        }

        var p = colon + 1;
        ReadOnlyMemory<byte> user = default, password = default;
        var hasUser = false;

        // '@' cannot appear unescaped in params or headers, so the first one ends the userinfo;
        // the user part itself may hold ';', '?' and ',' (RFC 4475 semiuri, intmeth).
        var at = s[p..].IndexOf((byte)'@');
        if (at >= 0)
        {
            var userinfo = s.Slice(p, at);
            var pw = userinfo.IndexOf((byte)':');
            var userPart = pw < 0 ? userinfo : userinfo[..pw];
            if (userPart.IsEmpty || userPart.ContainsAnyExcept(SipText.UserChar) || !UriEscaping.IsWellFormed(userPart))
            {
                return false;
            }

            if (pw >= 0)
            {
                var pwPart = userinfo[(pw + 1)..];
                if (pwPart.ContainsAnyExcept(SipText.PasswordChar) || !UriEscaping.IsWellFormed(pwPart))
                {
                    return false;
                }

                password = text.Slice(p + pw + 1, pwPart.Length);
            }

            user = text.Slice(p, userPart.Length);
            hasUser = true;
            p += at + 1;
        }

        if (!TryParseHostPort(s, ref p, out var hostRange, out var port))
        {
            return false;
        }

        var paramStart = p;
        if (p < s.Length && s[p] == ';')
        {
            var q = s[p..].IndexOf((byte)'?');
            var paramEnd = q < 0 ? s.Length : p + q;
            if (!SipUriParameters.IsValid(s[p..paramEnd]))
            {
                return false;
            }

            p = paramEnd;
        }

        var parameters = text[paramStart..p];
        ReadOnlyMemory<byte> headers = default;
        if (p < s.Length)
        {
            if (s[p] != '?')
            {
                return false;
            }

            var h = s[(p + 1)..];
            if (h.IsEmpty || h.ContainsAnyExcept(SipText.UriHeaderChar) || !UriEscaping.IsWellFormed(h))
            {
                return false;
            }

            headers = text[(p + 1)..];
        }

        uri = new SipUri
        {
            Text = text,
            Scheme = scheme,
            User = user,
            HasUser = hasUser,
            Password = password,
            Host = text[hostRange],
            Port = port,
            Parameters = parameters,
            Headers = headers,
        };
        return true;
    }

    private static UriScheme IdentifyScheme(ReadOnlySpan<byte> scheme) => scheme.Length switch
    {
        3 when System.Text.Ascii.EqualsIgnoreCase(scheme, "sip"u8) => UriScheme.Sip,
        4 when System.Text.Ascii.EqualsIgnoreCase(scheme, "sips"u8) => UriScheme.Sips,
        3 when System.Text.Ascii.EqualsIgnoreCase(scheme, "tel"u8) => UriScheme.Tel,
        _ => UriScheme.Other,
    };

    /// <summary>hostport = host [ ":" port ]; host = hostname / IPv4address / IPv6reference.</summary>
    public static bool TryParseHostPort(ReadOnlySpan<byte> s, ref int p, out Range host, out int port)
    {
        host = default;
        port = 0;
        var start = p;
        if (p < s.Length && s[p] == '[')
        {
            var close = s[p..].IndexOf((byte)']');
            if (close < 0 || !IsIpv6(s.Slice(p + 1, close - 1)))
            {
                return false;
            }

            p += close + 1;
        }
        else
        {
            var length = s[p..].IndexOfAnyExcept(SipText.HostChar);
            p = length < 0 ? s.Length : p + length;
            if (p == start)
            {
                return false;
            }
        }

        host = start..p;
        if (p < s.Length && s[p] == ':')
        {
            var digitsStart = ++p;
            while (p < s.Length && SipText.IsDigit(s[p]))
            {
                p++;
            }

            if (p == digitsStart || p - digitsStart > 5 || !SipText.TryParseInt32(s[digitsStart..p], out port) || port is 0 or > 65535)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An IPv6 address between brackets; RFC 5118 §4.10: three colons are not valid.</summary>
    private static bool IsIpv6(ReadOnlySpan<byte> inner)
    {
        if (inner.Length is < 2 or > 45 || inner.ContainsAnyExcept(SipText.Ipv6Char) || inner.IndexOf((byte)':') < 0)
        {
            return false;
        }

        Span<char> chars = stackalloc char[inner.Length];
        for (var i = 0; i < inner.Length; i++)
        {
            chars[i] = (char)inner[i];
        }

        return IPAddress.TryParse(chars, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
    }
}
