using System.Buffers;
using System.Text;

namespace Bridgehead.Sip;

/// <summary>
/// Character classes of the RFC 3261 §25 grammar, as <see cref="SearchValues{T}"/> so that the
/// parser finds delimiters with vectorised scans instead of byte-by-byte loops.
/// </summary>
public static class SipText
{
    private const string Alphanum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~").</summary>
    public static readonly SearchValues<byte> Token = SearchValues.Create(Encoding.ASCII.GetBytes(Alphanum + "-.!%*_+`'~"));

    /// <summary>word = 1*(token chars / "(" / ")" / "&lt;" / "&gt;" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}") — Call-ID.</summary>
    public static readonly SearchValues<byte> Word = SearchValues.Create(Encoding.ASCII.GetBytes(Alphanum + "-.!%*_+`'~()<>:\\\"/[]?{}"));

    /// <summary>Bytes that may appear in a Request-URI as sent on the wire: any visible ASCII except the few that cannot.</summary>
    public static readonly SearchValues<byte> UriChar = SearchValues.Create(Encoding.ASCII.GetBytes(
        Alphanum + "-_.!~*'()%;/?:@&=+$,[]#"));

    /// <summary>user = 1*(unreserved / escaped / user-unreserved), user-unreserved = "&amp;" / "=" / "+" / "$" / "," / ";" / "?" / "/".</summary>
    public static readonly SearchValues<byte> UserChar = SearchValues.Create(Encoding.ASCII.GetBytes(Alphanum + "-_.!~*'()%&=+$,;?/"));

    /// <summary>password = *(unreserved / escaped / "&amp;" / "=" / "+" / "$" / ",").</summary>
    public static readonly SearchValues<byte> PasswordChar = SearchValues.Create(Encoding.ASCII.GetBytes(Alphanum + "-_.!~*'()%&=+$,"));

    /// <summary>paramchar = param-unreserved / unreserved / escaped (URI parameters).</summary>
    public static readonly SearchValues<byte> ParamChar = SearchValues.Create(Encoding.ASCII.GetBytes(Alphanum + "-_.!~*'()%[]/:&+$"));

    /// <summary>Characters of URI headers: hname "=" hvalue joined by "&amp;" (hnv-unreserved / unreserved / escaped).</summary>
    public static readonly SearchValues<byte> UriHeaderChar = SearchValues.Create(Encoding.ASCII.GetBytes(Alphanum + "-_.!~*'()%[]/?:+$=&"));

    /// <summary>Characters of a host name or IPv4 address.</summary>
    public static readonly SearchValues<byte> HostChar = SearchValues.Create(Encoding.ASCII.GetBytes(Alphanum + "-."));

    /// <summary>Characters of an IPv6 reference between the brackets.</summary>
    public static readonly SearchValues<byte> Ipv6Char = SearchValues.Create(Encoding.ASCII.GetBytes("0123456789abcdefABCDEF:."));

    /// <summary>Line ends: the parser accepts CRLF and, leniently, a bare LF.</summary>
    public static readonly SearchValues<byte> LineEnd = SearchValues.Create("\r\n"u8);

    /// <summary>Delimiters when splitting a header value on commas: the comma, and what shields one.</summary>
    public static readonly SearchValues<byte> CommaOrShield = SearchValues.Create(",\"<"u8);

    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>Trims linear white space (SP, HTAB and the CRLF of folded lines) from both ends.</summary>
    public static ReadOnlySpan<byte> TrimLws(ReadOnlySpan<byte> s)
    {
        var start = 0;
        while (start < s.Length && IsWhitespace(s[start]))
        {
            start++;
        }

        var end = s.Length;
        while (end > start && IsWhitespace(s[end - 1]))
        {
            end--;
        }

        return s[start..end];
    }

    /// <summary>The start and length of <paramref name="s"/> without surrounding linear white space.</summary>
    public static (int Start, int Length) TrimLwsRange(ReadOnlySpan<byte> s)
    {
        var start = 0;
        while (start < s.Length && IsWhitespace(s[start]))
        {
            start++;
        }

        var end = s.Length;
        while (end > start && IsWhitespace(s[end - 1]))
        {
            end--;
        }

        return (start, end - start);
    }

    public static bool IsToken(ReadOnlySpan<byte> s) => s.Length > 0 && !s.ContainsAnyExcept(Token);

    /// <summary>Parses a non-negative decimal that must fit in <see cref="uint"/>; no sign, no white space.</summary>
    public static bool TryParseUInt32(ReadOnlySpan<byte> s, out uint value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 32)
        {
            return false;
        }

        ulong v = 0;
        foreach (var b in s)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            v = (v * 10) + (uint)(b - '0');
            if (v > uint.MaxValue)
            {
                return false;
            }
        }

        value = (uint)v;
        return true;
    }

    /// <summary>Parses a non-negative decimal into an int; false when it is not digits or overflows.</summary>
    public static bool TryParseInt32(ReadOnlySpan<byte> s, out int value)
    {
        if (TryParseUInt32(s, out var u) && u <= int.MaxValue)
        {
            value = (int)u;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Decodes bytes as UTF-8 (SIP text is UTF-8; ASCII is the common case).</summary>
    public static string ToText(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(s);

    /// <summary>Writes the decimal form of a non-negative number; returns the bytes written.</summary>
    public static int WriteDecimal(Span<byte> destination, long value)
    {
        if (!value.TryFormat(destination, out var written, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new ArgumentException("destination too small", nameof(destination));
        }

        return written;
    }
}
