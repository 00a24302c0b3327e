namespace Bridgehead.Sip.Transport.WebSockets;

/// <summary>What one WebSocket message carries on the "sip" subprotocol.</summary>
public enum SipWebSocketPayloadKind : byte
{
    /// <summary>Something with a SIP start line; the SIP parser judges the rest.</summary>
    Message,

    /// <summary>"\r\n\r\n": an RFC 5626 §4.4.1 keep-alive ping, answered with "\r\n".</summary>
    KeepAlivePing,

    /// <summary>"\r\n": a keep-alive pong (or a stray line end); nothing to do.</summary>
    KeepAlivePong,

    /// <summary>Not SIP at all (JSON, binary, an HTTP request): the connection is closed with 1007.</summary>
    NotSip,
}

/// <summary>
/// Tells a SIP message from a keep-alive or from something else. Each WebSocket message holds
/// exactly one SIP message (RFC 7118 §5.1) and Content-Length may be left out (§5.4), so the
/// message boundary is the frame's; only the start line is looked at here.
/// </summary>
public static class SipWebSocketPayload
{
    public static SipWebSocketPayloadKind Classify(ReadOnlySpan<byte> payload)
    {
        if (payload.SequenceEqual("\r\n\r\n"u8))
        {
            return SipWebSocketPayloadKind.KeepAlivePing;
        }

        if (payload.SequenceEqual("\r\n"u8))
        {
            return SipWebSocketPayloadKind.KeepAlivePong;
        }

        var lineEnd = payload.IndexOf("\r\n"u8);
        if (lineEnd <= 0)
        {
            return SipWebSocketPayloadKind.NotSip;
        }

        var line = payload[..lineEnd];
        const int versionLength = 7;

        // Status-Line: "SIP/2.0 200 OK"; Request-Line: "METHOD uri SIP/2.0" (SIP-Version is case-insensitive, RFC 3261 §7.1).
        if (line.Length > versionLength && IsVersion(line[..versionLength]) && line[versionLength] == ' ')
        {
            return SipWebSocketPayloadKind.Message;
        }

        var space = line.IndexOf((byte)' ');
        return space > 0 && line.Length > versionLength + 1 && line[^(versionLength + 1)] == ' ' && IsVersion(line[^versionLength..])
            ? SipWebSocketPayloadKind.Message
            : SipWebSocketPayloadKind.NotSip;
    }

    private static bool IsVersion(ReadOnlySpan<byte> text) => System.Text.Ascii.EqualsIgnoreCase(text, "SIP/2.0"u8);
}
