using System.Text;

namespace Bridgehead.Management.Trace;

/// <summary>
/// Finds what a trace is indexed by in a raw message, without parsing all of it: the first line
/// and the Call-ID (long form or compact "i", RFC 3261 §7.3.3). Pure; a message too broken to
/// say yields nothing rather than an error.
/// </summary>
public static class SipTraceScanner
{
    /// <summary>The first line (without CRLF); empty when there is no line end in the message.</summary>
    public static ReadOnlySpan<byte> FirstLine(ReadOnlySpan<byte> message)
    {
        var end = message.IndexOf("\r\n"u8);
        return end < 0 ? message[..Math.Min(message.Length, 200)] : message[..end];
    }

    /// <summary>The Call-ID value's offset and length in <paramref name="message"/>; false when the head has none.</summary>
    public static bool TryFindCallId(ReadOnlySpan<byte> message, out int start, out int length)
    {
        start = 0;
        length = 0;
        var first = message.IndexOf("\r\n"u8);
        if (first < 0)
        {
            return false;
        }

        var offset = first + 2;
        while (offset < message.Length)
        {
            var rest = message[offset..];
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            if (line.IsEmpty)
            {
                return false;
            }

            var colon = line.IndexOf((byte)':');
            if (colon > 0)
            {
                var name = line[..colon].TrimEnd(" \t"u8);
                if (Ascii.EqualsIgnoreCase(name, "Call-ID"u8) || Ascii.EqualsIgnoreCase(name, "i"u8))
                {
                    var value = line[(colon + 1)..];
                    var lead = value.Length - value.TrimStart(" \t"u8).Length;
                    var trimmed = value.Trim(" \t"u8);
                    if (trimmed.IsEmpty)
                    {
                        return false;
                    }

                    start = offset + colon + 1 + lead;
                    length = trimmed.Length;
                    return true;
                }
            }

            if (end < 0)
            {
                return false;
            }

            offset += end + 2;
        }

        return false;
    }
}
