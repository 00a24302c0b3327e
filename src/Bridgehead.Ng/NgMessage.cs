using System.Diagnostics.CodeAnalysis;
using System.Text;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Ng;

/// <summary>
/// The ng datagram, <c>&lt;cookie&gt; &lt;bencoded dictionary&gt;</c> (ng-protocol §1): both directions,
/// for the client that drives an external rtpengine and for the relay's own ng server. The
/// reply carries the request's cookie; a retransmission reuses it so the server can answer
/// from its cache instead of running the command twice.
/// </summary>
public static class NgMessage
{
    /// <summary>The largest UDP payload over IPv4 (65535 − 8 − 20).</summary>
    public const int MaxDatagramSize = 65507;

    /// <summary>Cookies are short tokens (<c>&lt;pid&gt;_&lt;counter&gt;</c> in the modules); anything longer is not one.</summary>
    public const int MaxCookieLength = 256;

    /// <summary>Splits a datagram into cookie and dictionary.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out string cookie, [NotNullWhen(true)] out BencodeDictionary? body, out NgError error, out BencodeFailure bencodeFailure)
    {
        body = null;
        bencodeFailure = default;
        if (!TryReadCookie(datagram, out cookie, out error))
        {
            return false;
        }

        var rest = datagram[(Encoding.ASCII.GetByteCount(cookie) + 1)..];
        if (!BencodeReader.TryRead(rest, out var value, out bencodeFailure))
        {
            error = NgError.MalformedBencode;
            return false;
        }

        body = value as BencodeDictionary;
        error = body is null ? NgError.NotADictionary : NgError.None;
        return body is not null;
    }

    /// <summary>
    /// Reads just the cookie: a client matches replies by it before decoding anything, and a
    /// server needs it to answer even a request it cannot read.
    /// </summary>
    public static bool TryReadCookie(ReadOnlySpan<byte> datagram, out string cookie, out NgError error)
    {
        cookie = string.Empty;
        if (datagram.Length > MaxDatagramSize)
        {
            error = NgError.TooLarge;
            return false;
        }

        var space = datagram[..Math.Min(datagram.Length, MaxCookieLength + 1)].IndexOf((byte)' ');
        if (space < 0)
        {
            error = NgError.MissingCookie;
            return false;
        }

        if (!IsCookie(datagram[..space]))
        {
            error = NgError.InvalidCookie;
            return false;
        }

        cookie = Encoding.ASCII.GetString(datagram[..space]);
        error = NgError.None;
        return true;
    }

    /// <summary>Server side: a request datagram to a typed command.</summary>
    public static bool TryParseRequest(ReadOnlySpan<byte> datagram, out string cookie, [NotNullWhen(true)] out NgCommand? command, out NgError error)
    {
        command = null;
        return TryParse(datagram, out cookie, out var body, out error, out _)
            && NgCommandReader.TryRead(body, out command, out error);
    }

    /// <summary>Client side: a reply datagram to a typed reply, given the command it answers.</summary>
    public static bool TryParseReply(ReadOnlySpan<byte> datagram, NgCommandKind command, out string cookie, [NotNullWhen(true)] out NgReply? reply, out NgError error)
    {
        reply = null;
        return TryParse(datagram, out cookie, out var body, out error, out _)
            && NgReplyReader.TryRead(command, body, out reply, out error);
    }

    public static byte[] Encode(string cookie, BencodeDictionary body)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        ArgumentNullException.ThrowIfNull(body);
        if (cookie.Length > MaxCookieLength || !IsCookie(Encoding.ASCII.GetBytes(cookie)) || cookie.Any(c => c > '~'))
        {
            throw new ArgumentException("A cookie is a non-empty token of visible ASCII without spaces.", nameof(cookie));
        }

        var datagram = new byte[cookie.Length + 1 + BencodeWriter.GetByteCount(body)];
        Encoding.ASCII.GetBytes(cookie, datagram);
        datagram[cookie.Length] = (byte)' ';
        BencodeWriter.Write(body, datagram.AsSpan(cookie.Length + 1));
        return datagram;
    }

    public static byte[] EncodeRequest(string cookie, NgCommand command) => Encode(cookie, NgCommandWriter.ToDictionary(command));

    public static byte[] EncodeReply(string cookie, NgReply reply) => Encode(cookie, NgReplyWriter.ToDictionary(reply));

    private static bool IsCookie(ReadOnlySpan<byte> token) =>
        !token.IsEmpty && token.Length <= MaxCookieLength && token.IndexOfAnyExceptInRange((byte)'!', (byte)'~') < 0;
}
