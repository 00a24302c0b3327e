namespace Bridgehead.Sip;

/// <summary>
/// Header parameters: <c>*( SEMI generic-param )</c> with <c>generic-param = token [ EQUAL gen-value ]</c>
/// and <c>gen-value = token / host / quoted-string</c> (RFC 3261 §25.1), white space allowed around
/// ";" and "=". Operates on the parameter text starting at its first ';'.
/// </summary>
public static class SipParameters
{
    /// <summary>True when every parameter is well formed (no empty names, no empty values after '=').</summary>
    public static bool IsValid(ReadOnlySpan<byte> parameters)
    {
        var cursor = new SipParameterCursor(parameters);
        while (cursor.MoveNext())
        {
        }

        return !cursor.Malformed && cursor.Position == parameters.Length;
    }

    /// <summary>Finds a parameter by name (case-insensitive, RFC 3261 §7.3.1).</summary>
    /// <param name="parameters">The parameter text.</param>
    /// <param name="name">The name to look for.</param>
    /// <param name="value">The value range (quotes kept), empty for a flag parameter.</param>
    public static bool TryGet(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> name, out Range value)
    {
        var cursor = new SipParameterCursor(parameters);
        while (cursor.MoveNext())
        {
            if (System.Text.Ascii.EqualsIgnoreCase(parameters[cursor.Name], name))
            {
                value = cursor.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Looks a parameter up in a memory region and returns the value as a slice of it.</summary>
    public static bool TryGet(ReadOnlyMemory<byte> parameters, ReadOnlySpan<byte> name, out ReadOnlyMemory<byte> value)
    {
        if (TryGet(parameters.Span, name, out Range range))
        {
            value = parameters[range];
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Removes surrounding double quotes from a quoted-string value (escapes are kept).</summary>
    public static ReadOnlySpan<byte> Unquote(ReadOnlySpan<byte> value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}

/// <summary>Walks a parameter list one parameter at a time, tracking where each name and value lie.</summary>
public ref struct SipParameterCursor
{
    private readonly ReadOnlySpan<byte> _text;
    private int _pos;

    public SipParameterCursor(ReadOnlySpan<byte> text)
    {
        _text = text;
        _pos = 0;
        Name = default;
        Value = default;
        HasValue = false;
        Malformed = false;
    }

    public Range Name { get; private set; }

    public Range Value { get; private set; }

    public bool HasValue { get; private set; }

    /// <summary>Set when a parameter was malformed; the walk stops there.</summary>
    public bool Malformed { get; private set; }

    /// <summary>Offset just past the last parameter read (where a list separator or the end is).</summary>
    public readonly int Position => _pos;

    public bool MoveNext()
    {
        var s = _text;
        var p = SkipLws(s, _pos);
        if (p >= s.Length || s[p] != ';')
        {
            _pos = p == s.Length ? p : _pos;
            return false;
        }

        p = SkipLws(s, p + 1);
        var nameStart = p;
        p = Skip(s, p, SipText.Token);
        if (p == nameStart)
        {
            Malformed = true;
            return false;
        }

        Name = nameStart..p;
        var afterName = p;
        p = SkipLws(s, p);
        if (p < s.Length && s[p] == '=')
        {
            p = SkipLws(s, p + 1);
            var valueStart = p;
            if (p < s.Length && s[p] == '"')
            {
                var end = QuotedString.FindEnd(s, p);
                if (end < 0)
                {
                    Malformed = true;
                    return false;
                }

                p = end;
            }
            else
            {
                p = Skip(s, p, TokenOrHost);
            }

            if (p == valueStart)
            {
                Malformed = true;
                return false;
            }

            Value = valueStart..p;
            HasValue = true;
        }
        else
        {
            p = afterName;
            Value = afterName..afterName;
            HasValue = false;
        }

        _pos = p;
        return true;
    }

    // gen-value = token / host: a token, or a host with the ':' and brackets of IPv6 (RFC 3261 §25.1).
    private static readonly System.Buffers.SearchValues<byte> TokenOrHost = System.Buffers.SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~:[]"u8);

    private static int Skip(ReadOnlySpan<byte> s, int p, System.Buffers.SearchValues<byte> values)
    {
        var length = s[p..].IndexOfAnyExcept(values);
        return length < 0 ? s.Length : p + length;
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
