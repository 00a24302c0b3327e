using System.Text;

namespace Bridgehead.Sip;

/// <summary>RFC 3261 §19.1.2 escaping: "%" HEXDIG HEXDIG. %00 is a valid escape, not a terminator (RFC 4475 escnull).</summary>
public static class UriEscaping
{
    public static bool IsWellFormed(ReadOnlySpan<byte> s)
    {
        var i = s.IndexOf((byte)'%');
        while (i >= 0)
        {
            if (i + 2 >= s.Length)
            {
                return false;
            }

            if (!char.IsAsciiHexDigit((char)s[i + 1]) || !char.IsAsciiHexDigit((char)s[i + 2]))
            {
                return false;
            }

            var next = s[(i + 3)..].IndexOf((byte)'%');
            i = next < 0 ? -1 : i + 3 + next;
        }

        return true;
    }

    /// <summary>Resolves %HH escapes and decodes as UTF-8 (invalid escapes are kept as written).</summary>
    public static string Unescape(ReadOnlySpan<byte> s)
    {
        if (s.IndexOf((byte)'%') < 0)
        {
            return Encoding.UTF8.GetString(s);
        }

        var buffer = s.Length <= 256 ? stackalloc byte[s.Length] : new byte[s.Length];
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 2 < s.Length && char.IsAsciiHexDigit((char)s[i + 1]) && char.IsAsciiHexDigit((char)s[i + 2]))
            {
                buffer[n++] = (byte)((HexValue(s[i + 1]) << 4) | HexValue(s[i + 2]));
                i += 2;
            }
            else
            {
                buffer[n++] = s[i];
            }
        }

        return Encoding.UTF8.GetString(buffer[..n]);
    }

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
