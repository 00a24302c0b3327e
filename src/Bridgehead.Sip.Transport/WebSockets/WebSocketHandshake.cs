using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Bridgehead.Sip.Transport.WebSockets;

/// <summary>Why an opening handshake is refused, each with the HTTP status it is answered with.</summary>
public enum WebSocketHandshakeError : byte
{
    None,

    /// <summary>Not an HTTP/1.1 request line, or a header line without a colon: 400.</summary>
    Malformed,

    /// <summary>A method other than GET (RFC 6455 §4.1): 405.</summary>
    NotGet,

    /// <summary>No Host header (§4.1 item 4): 400.</summary>
    MissingHost,

    /// <summary>No "Upgrade: websocket" and "Connection: Upgrade" (§4.2.1 items 3–4): 426.</summary>
    NotUpgrade,

    /// <summary>Sec-WebSocket-Version is not 13 (§4.4): 426 with the version we speak.</summary>
    UnsupportedVersion,

    /// <summary>Sec-WebSocket-Key missing or not 16 octets in base64 (§4.2.1 item 5): 400.</summary>
    BadKey,

    /// <summary>The "sip" subprotocol is not offered (RFC 7118 §4.1 makes it mandatory): 400.</summary>
    SipNotOffered,

    /// <summary>The Origin is not on the allow-list (RFC 6455 §10.2): 403.</summary>
    OriginNotAllowed,

    /// <summary>The request head is larger than <see cref="WebSocketHandshake.MaxRequestSize"/>: 431.</summary>
    TooLarge,

    /// <summary>The connection limit is reached: 503.</summary>
    ServerFull,

    /// <summary>The request head did not arrive within the handshake timeout: 408.</summary>
    Timeout,
}

/// <summary>The parts of an opening handshake the server acts on.</summary>
/// <param name="Key">Sec-WebSocket-Key, as sent.</param>
/// <param name="Origin">The Origin header, or null (non-browser clients send none).</param>
/// <param name="Path">The request target.</param>
public sealed record WebSocketHandshakeRequest(string Key, string? Origin, string Path);

/// <summary>
/// The opening handshake of RFC 6455 §4.2 with the subprotocol rule of RFC 7118 §4: parses the
/// HTTP/1.1 upgrade request and writes the 101 answer or a refusal. Pure: bytes in, a request or a
/// reason out.
/// </summary>
public static class WebSocketHandshake
{
    /// <summary>Largest request head accepted: 8 KiB (browsers send well under 1 KiB).</summary>
    public const int MaxRequestSize = 8 * 1024;

    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    /// <summary>
    /// Finds the end of the request head. Returns false while it is incomplete; <paramref name="headLength"/>
    /// is then 0, or -1 when the head is already past <see cref="MaxRequestSize"/>.
    /// </summary>
    public static bool TryFindHead(in ReadOnlySequence<byte> buffer, out int headLength)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out ReadOnlySequence<byte> head, EndOfHead, advancePastDelimiter: true) && head.Length + 4 <= MaxRequestSize)
        {
            headLength = (int)head.Length + 4;
            return true;
        }

        headLength = buffer.Length >= MaxRequestSize ? -1 : 0;
        return false;
    }

    /// <summary>Parses a request head (through its empty line) and checks it against the rules of §4.2.1 and RFC 7118.</summary>
    public static WebSocketHandshakeError Parse(ReadOnlySpan<byte> head, out WebSocketHandshakeRequest? request)
    {
        request = null;
        var lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd <= 0)
        {
            return WebSocketHandshakeError.Malformed;
        }

        var requestLine = head[..lineEnd];
        var firstSpace = requestLine.IndexOf((byte)' ');
        var lastSpace = requestLine.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace || !requestLine[(lastSpace + 1)..].SequenceEqual("HTTP/1.1"u8))
        {
            return WebSocketHandshakeError.Malformed;
        }

        var path = requestLine[(firstSpace + 1)..lastSpace];
        if (!requestLine[..firstSpace].SequenceEqual("GET"u8))
        {
            return WebSocketHandshakeError.NotGet;
        }

        bool host = false, upgrade = false, connectionUpgrade = false, version13 = false, versionSeen = false, sip = false;
        string? key = null, origin = null;
        var rest = head[(lineEnd + 2)..];
        while (true)
        {
            var end = rest.IndexOf("\r\n"u8);
            if (end < 0)
            {
                return WebSocketHandshakeError.Malformed;
            }

            var line = rest[..end];
            rest = rest[(end + 2)..];
            if (line.IsEmpty)
            {
                break;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                return WebSocketHandshakeError.Malformed;
            }

            var name = line[..colon];
            var value = Trim(line[(colon + 1)..]);
            if (Ascii.EqualsIgnoreCase(name, "Host"u8))
            {
                host = !value.IsEmpty;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Upgrade"u8))
            {
                upgrade |= HasToken(value, "websocket"u8, ignoreCase: true);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                connectionUpgrade |= HasToken(value, "Upgrade"u8, ignoreCase: true);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Version"u8))
            {
                versionSeen = true;
                version13 = value.SequenceEqual("13"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Key"u8))
            {
                key = Encoding.ASCII.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Protocol"u8))
            {
                // Subprotocol names are compared exactly (RFC 6455 §11.3.4 registers "sip" in lower case).
                sip |= HasToken(value, "sip"u8, ignoreCase: false);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Origin"u8))
            {
                origin = Encoding.ASCII.GetString(value);
            }
        }

        if (!host)
        {
            return WebSocketHandshakeError.MissingHost;
        }

        if (!upgrade || !connectionUpgrade)
        {
            return WebSocketHandshakeError.NotUpgrade;
        }

        if (!versionSeen || !version13)
        {
            return WebSocketHandshakeError.UnsupportedVersion;
        }

        if (key is null || !IsValidKey(key))
        {
            return WebSocketHandshakeError.BadKey;
        }

        if (!sip)
        {
            return WebSocketHandshakeError.SipNotOffered;
        }

        request = new WebSocketHandshakeRequest(key, origin, Encoding.ASCII.GetString(path));
        return WebSocketHandshakeError.None;
    }

    /// <summary>Sec-WebSocket-Accept: base64(SHA-1(key + the RFC 6455 GUID)) (§4.2.2 item 5.4).</summary>
    public static string AcceptValue(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> input = stackalloc byte[key.Length + AcceptGuid.Length];
        var n = Encoding.ASCII.GetBytes(key, input);
        n += Encoding.ASCII.GetBytes(AcceptGuid, input[n..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 6455 §4.2.2 fixes SHA-1 here; it proves the server read the handshake, it protects nothing.
        SHA1.HashData(input[..n], hash);
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }

    /// <summary>The 101 response selecting the "sip" subprotocol.</summary>
    public static byte[] Accept(WebSocketHandshakeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Encoding.ASCII.GetBytes(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Accept: {AcceptValue(request.Key)}\r\nSec-WebSocket-Protocol: sip\r\n\r\n");
    }

    /// <summary>The HTTP status a refusal is answered with.</summary>
    public static int StatusCode(this WebSocketHandshakeError error) => error switch
    {
        WebSocketHandshakeError.NotGet => 405,
        WebSocketHandshakeError.NotUpgrade or WebSocketHandshakeError.UnsupportedVersion => 426,
        WebSocketHandshakeError.OriginNotAllowed => 403,
        WebSocketHandshakeError.TooLarge => 431,
        WebSocketHandshakeError.ServerFull => 503,
        WebSocketHandshakeError.Timeout => 408,
        _ => 400,
    };

    /// <summary>A refusal: status, a reason a developer can act on, and "Connection: close".</summary>
    public static byte[] Reject(WebSocketHandshakeError error)
    {
        var (status, phrase) = error.StatusCode() switch
        {
            403 => (403, "Forbidden"),
            405 => (405, "Method Not Allowed"),
            408 => (408, "Request Timeout"),
            426 => (426, "Upgrade Required"),
            431 => (431, "Request Header Fields Too Large"),
            503 => (503, "Service Unavailable"),
            _ => (400, "Bad Request"),
        };
        var body = error switch
        {
            WebSocketHandshakeError.NotGet => "a WebSocket handshake is a GET request",
            WebSocketHandshakeError.MissingHost => "the Host header is missing",
            WebSocketHandshakeError.NotUpgrade => "this port speaks SIP over WebSocket only (Upgrade: websocket)",
            WebSocketHandshakeError.UnsupportedVersion => "only WebSocket version 13 is supported",
            WebSocketHandshakeError.BadKey => "Sec-WebSocket-Key is missing or malformed",
            WebSocketHandshakeError.SipNotOffered => "the 'sip' subprotocol is required (Sec-WebSocket-Protocol: sip, RFC 7118)",
            WebSocketHandshakeError.OriginNotAllowed => "this Origin is not allowed",
            WebSocketHandshakeError.TooLarge => "the request head is too large",
            WebSocketHandshakeError.ServerFull => "too many connections",
            WebSocketHandshakeError.Timeout => "the handshake took too long",
            _ => "malformed HTTP request",
        };
        var extra = status == 426 ? "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n" : string.Empty;
        return Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {phrase}\r\n{extra}Content-Type: text/plain\r\nContent-Length: {body.Length + 2}\r\nConnection: close\r\n\r\n{body}\r\n");
    }

    private static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[24];
        return Convert.TryFromBase64String(key, decoded, out var n) && n == 16;
    }

    private static bool HasToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token, bool ignoreCase)
    {
        foreach (var range in value.Split((byte)','))
        {
            var item = Trim(value[range]);
            if (ignoreCase ? Ascii.EqualsIgnoreCase(item, token) : item.SequenceEqual(token))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value) => value.Trim(" \t"u8);
}
