using System.Text;

namespace Bridgehead.Sip.Transport.WebSockets;

/// <summary>Tells a plain HTTP request from a WebSocket opening handshake by its head. Pure.</summary>
public static class WebSocketRequestKind
{
    /// <summary>
    /// True for a well-formed HTTP/1.x request head with no Upgrade header (a page or a file the
    /// browser fetches); false for an upgrade (valid or not, SIP's to answer) and for anything
    /// that is not an HTTP request head.
    /// </summary>
    public static bool IsPlainHttp(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd <= 0)
        {
            return false;
        }

        var requestLine = head[..lineEnd];
        var firstSpace = requestLine.IndexOf((byte)' ');
        var lastSpace = requestLine.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace || !requestLine[(lastSpace + 1)..].StartsWith("HTTP/1."u8))
        {
            return false;
        }

        var rest = head[(lineEnd + 2)..];
        while (true)
        {
            var end = rest.IndexOf("\r\n"u8);
            if (end < 0)
            {
                return false;
            }

            var line = rest[..end];
            rest = rest[(end + 2)..];
            if (line.IsEmpty)
            {
                return true;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                return false;
            }

            if (Ascii.EqualsIgnoreCase(line[..colon].TrimEnd(" \t"u8), "Upgrade"u8))
            {
                return false;
            }
        }
    }
}
