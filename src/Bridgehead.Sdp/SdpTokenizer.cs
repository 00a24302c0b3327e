using System.Globalization;

namespace Bridgehead.Sdp;

/// <summary>
/// Splits a field value on spaces. RFC 8866 §5 puts exactly one space between fields; runs of
/// spaces and tabs are tolerated because some stacks pad them, and the original text is kept
/// on the line anyway.
/// </summary>
internal ref struct SdpTokenizer(ReadOnlySpan<char> text)
{
    private ReadOnlySpan<char> rest = text;

    public readonly bool IsEmpty => rest.TrimStart(" \t").IsEmpty;

    /// <summary>What has not been consumed yet, without leading blanks.</summary>
    public readonly ReadOnlySpan<char> Rest => rest.TrimStart(" \t").TrimEnd(" \t");

    public bool TryNext(out ReadOnlySpan<char> token)
    {
        rest = rest.TrimStart(" \t");
        if (rest.IsEmpty)
        {
            token = default;
            return false;
        }

        var end = rest.IndexOfAny(' ', '\t');
        if (end < 0)
        {
            token = rest;
            rest = default;
        }
        else
        {
            token = rest[..end];
            rest = rest[end..];
        }

        return true;
    }

    public bool TryNextInt(int min, int max, out int value)
    {
        value = 0;
        return TryNext(out var token) && SdpNumbers.TryParseInt(token, min, max, out value);
    }
}

/// <summary>Strict decimal parsing: digits only, no sign, no blanks, bounded.</summary>
internal static class SdpNumbers
{
    public static bool TryParseInt(ReadOnlySpan<char> token, int min, int max, out int value)
    {
        value = 0;
        if (token.IsEmpty || token.Length > 10 || !IsDigits(token))
        {
            return false;
        }

        return long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var wide)
            && wide >= min && wide <= max
            && (value = (int)wide) == wide;
    }

    public static bool TryParseUInt(ReadOnlySpan<char> token, out uint value)
    {
        value = 0;
        return !token.IsEmpty && token.Length <= 10 && IsDigits(token)
            && uint.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static bool IsDigits(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return !token.IsEmpty;
    }

    /// <summary>A token in the RFC 8866 §9 sense: visible ASCII except a few separators.</summary>
    public static bool IsToken(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (c is <= ' ' or >= '\x7f' or '"' or '(' or ')' or ',' or '/' or (>= ':' and <= '@') or '[' or '\\' or ']')
            {
                return false;
            }
        }

        return !token.IsEmpty;
    }

    /// <summary>Visible characters only (no blanks or controls), as in a byte-string field.</summary>
    public static bool IsVisible(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (c <= ' ' || c == '\x7f')
            {
                return false;
            }
        }

        return !token.IsEmpty;
    }
}
