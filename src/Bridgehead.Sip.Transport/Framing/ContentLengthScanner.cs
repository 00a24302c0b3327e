using System.Buffers;

namespace Bridgehead.Sip.Transport.Framing;

/// <summary>
/// Finds Content-Length (or its compact form "l", RFC 3261 §7.3.3) in a header block. Names match
/// case-insensitively, blanks may stand before the colon (HCOLON), and the value may be folded over
/// continuation lines (RFC 3261 §7.3.1); only blanks may surround the digits.
/// </summary>
internal static class ContentLengthScanner
{
    internal enum Outcome : byte
    {
        Absent,
        Found,
        Invalid,
        Conflicting,
        TooLarge,
    }

    private static readonly SearchValues<byte> Blank = SearchValues.Create(" \t\r\n"u8);

    /// <param name="headers">The octets after the start line's CRLF, up to (not including) the empty line.</param>
    internal static Outcome Scan(ReadOnlySpan<byte> headers, out int length)
    {
        length = 0;
        var found = false;
        var pos = 0;
        while (pos < headers.Length)
        {
            var lineEnd = NextHeaderEnd(headers, pos);
            var header = headers[pos..lineEnd];
            pos = lineEnd + 2;

            var colon = header.IndexOf((byte)':');
            if (colon <= 0 || !IsContentLength(header[..colon].TrimEnd(" \t"u8)))
            {
                continue;
            }

            var value = header[(colon + 1)..];
            var outcome = ParseValue(value, out var parsed);
            if (outcome != Outcome.Found)
            {
                return outcome;
            }

            // RFC 4475 §3.3.9 (mcl01): two different lengths leave the stream unframeable. The same
            // value twice is harmless and some stacks do repeat it.
            if (found && parsed != length)
            {
                return Outcome.Conflicting;
            }

            found = true;
            length = parsed;
        }

        return found ? Outcome.Found : Outcome.Absent;
    }

    // A header field ends at a CRLF that is not followed by SP or HTAB (a folded continuation line).
    private static int NextHeaderEnd(ReadOnlySpan<byte> headers, int from)
    {
        var at = from;
        while (true)
        {
            var crlf = headers[at..].IndexOf("\r\n"u8);
            if (crlf < 0)
            {
                return headers.Length;
            }

            var end = at + crlf;
            if (end + 2 < headers.Length && headers[end + 2] is (byte)' ' or (byte)'\t')
            {
                at = end + 2;
                continue;
            }

            return end;
        }
    }

    private static bool IsContentLength(ReadOnlySpan<byte> name) =>
        name.Length == 1 ? (name[0] | 0x20) == 'l' : name.Length == 14 && System.Text.Ascii.EqualsIgnoreCase(name, "content-length"u8);

    private static Outcome ParseValue(ReadOnlySpan<byte> value, out int parsed)
    {
        parsed = 0;
        var start = value.IndexOfAnyExcept(Blank);
        if (start < 0)
        {
            return Outcome.Invalid;
        }

        var digits = value[start..];
        var end = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        var rest = end < 0 ? default : digits[end..];
        digits = end < 0 ? digits : digits[..end];
        if (digits.IsEmpty || rest.IndexOfAnyExcept(Blank) >= 0)
        {
            return Outcome.Invalid;
        }

        long n = 0;
        foreach (var d in digits)
        {
            n = n * 10 + (d - '0');
            if (n > int.MaxValue)
            {
                return Outcome.TooLarge;
            }
        }

        parsed = (int)n;
        return Outcome.Found;
    }
}
