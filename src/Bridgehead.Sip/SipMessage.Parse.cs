namespace Bridgehead.Sip;

/// <summary>The outcome of parsing: a message, a fault, or both (a request whose fault can still be answered).</summary>
public readonly record struct SipParseResult(SipMessage? Message, SipParseError Error)
{
    public bool Success => Error == SipParseError.None && Message is not null;
}

public sealed partial class SipMessage
{
    /// <summary>The most header lines a message may carry before it is refused (a limit against abuse).</summary>
    public const int DefaultMaxHeaders = 256;

    /// <summary>
    /// Parses one message from <paramref name="data"/> (a whole datagram, or one message framed
    /// off a stream). Octets past Content-Length are discarded (RFC 3261 §18.3, RFC 4475
    /// dblreq); without Content-Length the body is the rest of the data (RFC 4475 inv2543).
    /// When a request line is recognisable but something after it is wrong, the message is
    /// returned together with the error so that the caller can answer it with a 400.
    /// </summary>
    public static SipParseResult Parse(ReadOnlyMemory<byte> data, int maxHeaders = DefaultMaxHeaders)
    {
        var span = data.Span;
        var pos = 0;

        // RFC 3261 §7.5: CRLFs before the start line are ignored (they are keep-alives on streams).
        while (pos < span.Length && (span[pos] == '\r' || span[pos] == '\n'))
        {
            pos++;
        }

        if (pos == span.Length)
        {
            return new(null, SipParseError.Empty);
        }

        // Offsets are relative to the start line, so that Buffer (and a forwarded copy) holds
        // the message alone, without the keep-alive line ends that came before it.
        data = data[pos..];
        span = data.Span;
        pos = 0;

        var newline = span.IndexOf((byte)'\n');
        if (newline < 0)
        {
            return new(null, SipParseError.UnterminatedHeaders);
        }

        var message = new SipMessage(data);
        var lineLength = newline > 0 && span[pos + newline - 1] == '\r' ? newline - 1 : newline;
        var error = message.ParseStartLine(span.Slice(pos, lineLength), pos);
        if (error != SipParseError.None && !message.IsRequest)
        {
            return new(null, error);
        }

        var headerError = message.ParseHeaders(span, pos + newline + 1, maxHeaders);
        if (error == SipParseError.None)
        {
            error = headerError;
        }

        if (headerError is SipParseError.UnterminatedHeaders or SipParseError.TooManyHeaders)
        {
            return new(message.IsRequest ? message : null, error);
        }

        var bodyError = message.FrameBody(span.Length);
        if (error == SipParseError.None)
        {
            error = bodyError;
        }

        return new(message.IsRequest || error == SipParseError.None ? message : null, error);
    }

    private SipParseError ParseStartLine(ReadOnlySpan<byte> line, int offset)
    {
        if (line.Length >= 4 && System.Text.Ascii.EqualsIgnoreCase(line[..4], "SIP/"u8))
        {
            return ParseStatusLine(line, offset);
        }

        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0 || !SipText.IsToken(line[..firstSpace]))
        {
            return SipParseError.BadStartLine;
        }

        IsRequest = true;
        _methodStart = offset;
        _methodLength = firstSpace;
        Method = SipMethods.Identify(line[..firstSpace]);

        var lastSpace = line.LastIndexOf((byte)' ');
        if (lastSpace == firstSpace)
        {
            return SipParseError.BadStartLine;
        }

        _requestUriStart = offset + firstSpace + 1;
        _requestUriLength = lastSpace - firstSpace - 1;

        var version = line[(lastSpace + 1)..];
        if (!IsVersionSyntax(version))
        {
            return SipParseError.BadStartLine;
        }

        if (!IsSip20(version))
        {
            return SipParseError.UnsupportedVersion;
        }

        var uri = line.Slice(firstSpace + 1, _requestUriLength);
        return IsRequestUriSyntax(uri) ? SipParseError.None : SipParseError.BadRequestUri;
    }

    private SipParseError ParseStatusLine(ReadOnlySpan<byte> line, int offset)
    {
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace < 0 || !IsVersionSyntax(line[..firstSpace]))
        {
            return SipParseError.BadStartLine;
        }

        if (!IsSip20(line[..firstSpace]))
        {
            return SipParseError.UnsupportedVersion;
        }

        var rest = line[(firstSpace + 1)..];
        var space = rest.IndexOf((byte)' ');
        var code = space < 0 ? rest : rest[..space];
        if (code.Length != 3 || !SipText.IsDigit(code[0]) || !SipText.IsDigit(code[1]) || !SipText.IsDigit(code[2]))
        {
            return SipParseError.BadStatusCode;
        }

        StatusCode = ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
        if (StatusCode is < 100 or > 699)
        {
            return SipParseError.BadStatusCode;
        }

        if (space >= 0)
        {
            _reasonStart = offset + firstSpace + 1 + space + 1;
            _reasonLength = rest.Length - space - 1;
        }

        return SipParseError.None;
    }

    private SipParseError ParseHeaders(ReadOnlySpan<byte> span, int pos, int maxHeaders)
    {
        HeadersStart = pos;
        var firstError = SipParseError.None;
        while (true)
        {
            if (pos >= span.Length)
            {
                HeadersEnd = BodyStart = span.Length;
                return SipParseError.UnterminatedHeaders;
            }

            if (span[pos] == '\n' || (span[pos] == '\r' && pos + 1 < span.Length && span[pos + 1] == '\n'))
            {
                HeadersEnd = pos;
                BodyStart = pos + (span[pos] == '\r' ? 2 : 1);
                return firstError;
            }

            // A logical header line runs until a line end not followed by SP or HTAB (folding, RFC 3261 §7.3.1).
            var lineStart = pos;
            var lineEnd = -1;
            while (true)
            {
                var nl = span[pos..].IndexOf((byte)'\n');
                if (nl < 0)
                {
                    break;
                }

                var next = pos + nl + 1;
                if (next < span.Length && (span[next] == ' ' || span[next] == '\t'))
                {
                    pos = next;
                    continue;
                }

                lineEnd = next;
                break;
            }

            if (lineEnd < 0)
            {
                HeadersEnd = BodyStart = span.Length;
                return SipParseError.UnterminatedHeaders;
            }

            pos = lineEnd;
            var error = AddHeaderLine(span, lineStart, lineEnd);
            if (firstError == SipParseError.None)
            {
                firstError = error;
            }

            if (_headerCount > maxHeaders)
            {
                HeadersEnd = BodyStart = span.Length;
                return SipParseError.TooManyHeaders;
            }
        }
    }

    private SipParseError AddHeaderLine(ReadOnlySpan<byte> span, int lineStart, int lineEnd)
    {
        var line = span[lineStart..lineEnd];
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return SipParseError.BadHeaderLine;
        }

        // RFC 3261 §7.3.1: "field-name: field-value" with optional white space before the colon.
        var nameLength = colon;
        while (nameLength > 0 && (line[nameLength - 1] == ' ' || line[nameLength - 1] == '\t'))
        {
            nameLength--;
        }

        var name = line[..nameLength];
        if (!SipText.IsToken(name))
        {
            return SipParseError.BadHeaderLine;
        }

        var (valueOffset, valueLength) = SipText.TrimLwsRange(line[(colon + 1)..]);
        var id = KnownHeaders.Identify(name);
        var field = new HeaderField(id, lineStart, lineEnd - lineStart, nameLength, lineStart + colon + 1 + valueOffset, valueLength);
        AddHeader(field);

        if (id == HeaderId.ContentLength)
        {
            // A second Content-Length makes stream framing unrecoverable (RFC 4475 mcl01).
            if (ContentLength >= 0 || !SipText.TryParseInt32(span.Slice(field.ValueStart, valueLength), out var length))
            {
                ContentLength = int.MaxValue;
                return SipParseError.BadContentLength;
            }

            ContentLength = length;
        }

        return SipParseError.None;
    }

    private SipParseError FrameBody(int available)
    {
        var rest = available - BodyStart;
        if (ContentLength == int.MaxValue)
        {
            BodyLength = 0;
            return SipParseError.BadContentLength;
        }

        if (ContentLength < 0)
        {
            BodyLength = rest;
            return SipParseError.None;
        }

        if (ContentLength > rest)
        {
            BodyLength = rest;
            return SipParseError.ContentLengthExceedsDatagram;
        }

        BodyLength = ContentLength;
        Buffer = Buffer[..(BodyStart + BodyLength)];
        return SipParseError.None;
    }

    // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT (RFC 3261 §25.1; "SIP" is case-insensitive there).
    private static bool IsVersionSyntax(ReadOnlySpan<byte> version)
    {
        if (version.Length < 7 || !System.Text.Ascii.EqualsIgnoreCase(version[..4], "SIP/"u8))
        {
            return false;
        }

        var digits = version[4..];
        var dot = digits.IndexOf((byte)'.');
        return dot > 0 && dot < digits.Length - 1
            && !digits[..dot].ContainsAnyExceptInRange((byte)'0', (byte)'9')
            && !digits[(dot + 1)..].ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    private static bool IsSip20(ReadOnlySpan<byte> version) =>
        version.Length == 7 && System.Text.Ascii.EqualsIgnoreCase(version[..3], "SIP"u8) && version[3..].SequenceEqual("/2.0"u8);

    // Request-URI = SIP-URI / SIPS-URI / absoluteURI: a scheme, a colon, and no white space,
    // angle brackets or quotes (RFC 4475 ltgtruri, lwsruri).
    private static bool IsRequestUriSyntax(ReadOnlySpan<byte> uri)
    {
        var colon = uri.IndexOf((byte)':');
        if (colon <= 0 || colon == uri.Length - 1 || !char.IsAsciiLetter((char)uri[0]))
        {
            return false;
        }

        foreach (var b in uri[..colon])
        {
            if (!char.IsAsciiLetterOrDigit((char)b) && b is not ((byte)'+' or (byte)'-' or (byte)'.'))
            {
                return false;
            }
        }

        return !uri[(colon + 1)..].ContainsAnyExcept(SipText.UriChar);
    }
}
