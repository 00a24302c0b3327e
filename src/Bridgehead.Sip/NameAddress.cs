namespace Bridgehead.Sip;

/// <summary>
/// <c>( name-addr / addr-spec ) *( SEMI param )</c> as used by From, To, Contact, Route,
/// Record-Route and Path (RFC 3261 §20). With an addr-spec (no angle brackets) every ';' starts a
/// header parameter, and the URI may not contain ',', ';' or '?' (§20, RFC 4475 regbadct).
/// </summary>
public readonly struct NameAddress
{
    /// <summary>The display name as written: a quoted string (quotes kept) or tokens; empty when absent.</summary>
    public ReadOnlyMemory<byte> DisplayName { get; init; }

    public ReadOnlyMemory<byte> UriText { get; init; }

    public SipUri Uri { get; init; }

    /// <summary>The header parameters including the leading ';'.</summary>
    public ReadOnlyMemory<byte> Parameters { get; init; }

    public bool HasAngleBrackets { get; init; }

    /// <summary>"Contact: *" of a REGISTER that removes every binding (RFC 3261 §10.2.2).</summary>
    public bool IsWildcard { get; init; }

    public ReadOnlyMemory<byte> Tag => Get("tag"u8);

    public bool HasTag => SipParameters.TryGet(Parameters.Span, "tag"u8, out _);

    public bool TryGetParameter(ReadOnlySpan<byte> name, out ReadOnlyMemory<byte> value) =>
        SipParameters.TryGet(Parameters, name, out value);

    public bool HasParameter(ReadOnlySpan<byte> name) => SipParameters.TryGet(Parameters.Span, name, out _);

    private ReadOnlyMemory<byte> Get(ReadOnlySpan<byte> name) =>
        SipParameters.TryGet(Parameters, name, out var value) ? value : default;

    public static bool TryParse(ReadOnlyMemory<byte> text, out NameAddress value, bool allowWildcard = false)
    {
        value = default;
        var s = text.Span;
        var p = SkipLws(s, 0);
        if (p == s.Length)
        {
            return false;
        }

        if (allowWildcard && s[p] == '*' && SkipLws(s, p + 1) == s.Length)
        {
            value = new NameAddress { IsWildcard = true };
            return true;
        }

        Range display = p..p;
        int uriStart, uriEnd, afterUri;
        if (s[p] == '"')
        {
            var end = QuotedString.FindEnd(s, p);
            if (end < 0)
            {
                return false;
            }

            display = p..end;
            p = SkipLws(s, end);
            if (p == s.Length || s[p] != '<')
            {
                return false;
            }
        }
        else
        {
            // display-name as tokens separated by LWS, or no display name at all (RFC 4475
            // lwsdisp: none is needed before '<'); anything else before '<' is an error (baddn).
            var lt = s[p..].IndexOf((byte)'<');
            if (lt >= 0)
            {
                var name = s.Slice(p, lt);
                if (name.ContainsAnyExcept(TokenOrLws))
                {
                    return false;
                }

                var trimmed = SipText.TrimLwsRange(name);
                display = (p + trimmed.Start)..(p + trimmed.Start + trimmed.Length);
                p += lt;
            }
        }

        if (s[p] == '<')
        {
            var gt = s[p..].IndexOf((byte)'>');
            if (gt < 0)
            {
                return false;
            }

            uriStart = p + 1;
            uriEnd = p + gt;
            afterUri = uriEnd + 1;

            // No white space inside the brackets (RFC 4475 badaspec).
            if (s[uriStart..uriEnd].ContainsAny(Lws))
            {
                return false;
            }
        }
        else
        {
            uriStart = p;
            var length = s[p..].IndexOfAny(LwsOrSemicolon);
            p = length < 0 ? s.Length : p + length;

            uriEnd = afterUri = p;
            var addrSpec = s[uriStart..uriEnd];
            if (addrSpec.IndexOfAny((byte)',', (byte)'?') >= 0)
            {
                return false;
            }
        }

        var uriText = text[uriStart..uriEnd];
        if (!SipUri.TryParse(uriText, out var uri))
        {
            return false;
        }

        var parameters = text[afterUri..];
        if (!SipParameters.IsValid(parameters.Span))
        {
            return false;
        }

        value = new NameAddress
        {
            DisplayName = text[display],
            UriText = uriText,
            Uri = uri,
            Parameters = parameters,
            HasAngleBrackets = uriStart > 0 && s[uriStart - 1] == '<',
        };
        return true;
    }

    private static readonly System.Buffers.SearchValues<byte> Lws = System.Buffers.SearchValues.Create(" \t\r\n"u8);

    private static readonly System.Buffers.SearchValues<byte> LwsOrSemicolon = System.Buffers.SearchValues.Create(" \t\r\n;"u8);

    // display-name = *(token LWS): token characters and linear white space.
    private static readonly System.Buffers.SearchValues<byte> TokenOrLws = System.Buffers.SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~ \t\r\n"u8);

    private static int SkipLws(ReadOnlySpan<byte> s, int p)
    {
        while (p < s.Length && SipText.IsWhitespace(s[p]))
        {
            p++;
        }

        return p;
    }
}
