using System.Text;

namespace Bridgehead.Sip.Digest;

/// <summary>
/// The credentials in an Authorization or Proxy-Authorization value (RFC 3261 §25.1
/// "credentials", RFC 7616 §3.4): <c>Digest</c> followed by comma-separated name=value pairs whose
/// values are tokens or quoted strings. Values are slices of the message; quotes are removed.
/// </summary>
public readonly struct DigestCredentials
{
    public ReadOnlyMemory<byte> Username { get; init; }

    public ReadOnlyMemory<byte> Realm { get; init; }

    public ReadOnlyMemory<byte> Nonce { get; init; }

    public ReadOnlyMemory<byte> Uri { get; init; }

    public ReadOnlyMemory<byte> Response { get; init; }

    public ReadOnlyMemory<byte> AlgorithmToken { get; init; }

    public ReadOnlyMemory<byte> Cnonce { get; init; }

    public ReadOnlyMemory<byte> Opaque { get; init; }

    public ReadOnlyMemory<byte> Qop { get; init; }

    public ReadOnlyMemory<byte> NonceCount { get; init; }

    public string UsernameText => QuotedString.Decode(Username.Span);

    public string RealmText => Encoding.UTF8.GetString(Realm.Span);

    /// <summary>
    /// Parses one credentials value. Returns false for another scheme (RFC 4475 regaut01: the
    /// server challenges instead of failing) or for malformed Digest parameters.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out DigestCredentials credentials)
    {
        credentials = default;
        var s = value.Span;
        var p = 0;
        while (p < s.Length && SipText.Token.Contains(s[p]))
        {
            p++;
        }

        if (!Ascii.EqualsIgnoreCase(s[..p], "Digest"u8) || p == s.Length || !SipText.IsWhitespace(s[p]))
        {
            return false;
        }

        ReadOnlyMemory<byte> username = default, realm = default, nonce = default, uri = default, response = default,
            algorithm = default, cnonce = default, opaque = default, qop = default, nc = default;
        while (p < s.Length)
        {
            p = Skip(s, p);
            var nameStart = p;
            while (p < s.Length && SipText.Token.Contains(s[p]))
            {
                p++;
            }

            var name = s[nameStart..p];
            p = Skip(s, p);
            if (name.IsEmpty || p >= s.Length || s[p] != '=')
            {
                return false;
            }

            p = Skip(s, p + 1);
            ReadOnlyMemory<byte> v;
            if (p < s.Length && s[p] == '"')
            {
                var end = QuotedString.FindEnd(s, p);
                if (end < 0)
                {
                    return false;
                }

                v = value[(p + 1)..(end - 1)];
                p = end;
            }
            else
            {
                var start = p;
                while (p < s.Length && s[p] != ',' && !SipText.IsWhitespace(s[p]))
                {
                    p++;
                }

                v = value[start..p];
            }

            switch (name.Length)
            {
                case 2 when Ascii.EqualsIgnoreCase(name, "nc"u8): nc = v; break;
                case 3 when Ascii.EqualsIgnoreCase(name, "uri"u8): uri = v; break;
                case 3 when Ascii.EqualsIgnoreCase(name, "qop"u8): qop = v; break;
                case 5 when Ascii.EqualsIgnoreCase(name, "realm"u8): realm = v; break;
                case 5 when Ascii.EqualsIgnoreCase(name, "nonce"u8): nonce = v; break;
                case 6 when Ascii.EqualsIgnoreCase(name, "cnonce"u8): cnonce = v; break;
                case 6 when Ascii.EqualsIgnoreCase(name, "opaque"u8): opaque = v; break;
                case 8 when Ascii.EqualsIgnoreCase(name, "username"u8): username = v; break;
                case 8 when Ascii.EqualsIgnoreCase(name, "response"u8): response = v; break;
                case 9 when Ascii.EqualsIgnoreCase(name, "algorithm"u8): algorithm = v; break;
            }

            p = Skip(s, p);
            if (p < s.Length)
            {
                if (s[p] != ',')
                {
                    return false;
                }

                p++;
            }
        }

        if (username.IsEmpty || nonce.IsEmpty || uri.IsEmpty || response.IsEmpty)
        {
            return false;
        }

        credentials = new DigestCredentials
        {
            Username = username,
            Realm = realm,
            Nonce = nonce,
            Uri = uri,
            Response = response,
            AlgorithmToken = algorithm,
            Cnonce = cnonce,
            Opaque = opaque,
            Qop = qop,
            NonceCount = nc,
        };
        return true;
    }

    private static int Skip(ReadOnlySpan<byte> s, int p)
    {
        while (p < s.Length && SipText.IsWhitespace(s[p]))
        {
            p++;
        }

        return p;
    }
}
