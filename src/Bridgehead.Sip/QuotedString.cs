namespace Bridgehead.Sip;

/// <summary>quoted-string = DQUOTE *(qdtext / quoted-pair) DQUOTE (RFC 3261 §25.1).</summary>
public static class QuotedString
{
    /// <summary>
    /// Given the offset of an opening quote, returns the offset just past the closing quote, or
    /// -1 when the string is not terminated (RFC 4475 quotbal). A backslash escapes any octet
    /// except CR and LF, including NUL and DEL (RFC 4475 intmeth).
    /// </summary>
    public static int FindEnd(ReadOnlySpan<byte> s, int openQuote)
    {
        var p = openQuote + 1;
        while (p < s.Length)
        {
            var b = s[p];
            if (b == '\\')
            {
                if (p + 1 >= s.Length || s[p + 1] is (byte)'\r' or (byte)'\n')
                {
                    return -1;
                }

                p += 2;
                continue;
            }

            if (b == '"')
            {
                return p + 1;
            }

            p++;
        }

        return -1;
    }

    /// <summary>The text of a quoted string with quotes removed and quoted-pairs resolved.</summary>
    public static string Decode(ReadOnlySpan<byte> quoted)
    {
        var inner = SipParameters.Unquote(quoted);
        if (inner.IndexOf((byte)'\\') < 0)
        {
            return SipText.ToText(inner);
        }

        var buffer = new byte[inner.Length];
        var n = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                i++;
            }

            buffer[n++] = inner[i];
        }

        return SipText.ToText(buffer.AsSpan(0, n));
    }
}
