using System.Buffers;

namespace Bridgehead.Sip.Transport.Framing;

/// <summary>
/// Splits a SIP byte stream (TCP, TLS) into messages by Content-Length (RFC 3261 §18.3), answers
/// nothing and parses nothing beyond what framing needs. Pure: bytes in, a <see cref="SipFrame"/>
/// and Kestrel-style consumed/examined positions out.
/// </summary>
/// <remarks>
/// <para>CRLFs before a start line are skipped (RFC 3261 §7.5). A "\r\n\r\n" where a message would
/// start is the RFC 5626 §4.4.1 keep-alive ping. A lone CRLF (a pong, or a stray line end) is held
/// without being consumed until the next octet tells which it is, so the outcome never depends on
/// how the stream was split into reads.</para>
/// <para>A missing Content-Length on a stream means an empty body (RFC 3261 §20.14 makes it
/// mandatory on streams; treating it as 0 is what deployed proxies do and keeps the stream in step).</para>
/// </remarks>
public static class SipStreamFramer
{
    /// <summary>The message-size limit used when none is configured: 64 KiB.</summary>
    public const int DefaultMaxMessageSize = 64 * 1024;

    private static ReadOnlySpan<byte> Ping => "\r\n\r\n"u8;

    /// <summary>
    /// Reads one unit from the front of <paramref name="buffer"/>.
    /// </summary>
    /// <param name="buffer">Unconsumed octets of the stream.</param>
    /// <param name="maxMessageSize">Largest message accepted, headers and body together.</param>
    /// <param name="consumed">Where the next call should start (pass to <c>PipeReader.AdvanceTo</c>).</param>
    /// <param name="examined">How far the octets were looked at; read more before calling again.</param>
    public static SipFrame Read(in ReadOnlySequence<byte> buffer, int maxMessageSize, out SequencePosition consumed, out SequencePosition examined)
    {
        if (buffer.IsSingleSegment)
        {
            return ReadSingleSegment(buffer, maxMessageSize, out consumed, out examined);
        }

        consumed = buffer.Start;
        examined = buffer.End;

        // Line ends in front of a message: a ping, a pong, or strays to skip.
        var reader = new SequenceReader<byte>(buffer);
        var run = reader.AdvancePastAny((byte)'\r', (byte)'\n');
        if (run > 0)
        {
            var lineEnds = buffer.Slice(0, run);
            var pingReader = new SequenceReader<byte>(lineEnds);
            if (pingReader.TryReadTo(out ReadOnlySequence<byte> _, Ping, advancePastDelimiter: true))
            {
                // Strays before the ping are dropped with it.
                consumed = examined = pingReader.Position;
                return SipFrame.Ping();
            }

            if (reader.End)
            {
                // "\r", "\r\n" or "\r\n\r" at the end may still become a ping: hold it, drop the rest.
                var held = PingPrefixSuffix(lineEnds);
                consumed = buffer.GetPosition(run - held);
                return SipFrame.NeedMore(messageStarted: false);
            }
        }

        if (reader.End)
        {
            return SipFrame.NeedMore(messageStarted: false);
        }

        var message = buffer.Slice(reader.Position);
        consumed = reader.Position;
        return ReadMessage(message, maxMessageSize, ref consumed, ref examined);
    }

    private static SipFrame ReadMessage(in ReadOnlySequence<byte> message, int maxMessageSize, ref SequencePosition consumed, ref SequencePosition examined)
    {
        var reader = new SequenceReader<byte>(message);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, Ping, advancePastDelimiter: true))
        {
            // Without the empty line the headers alone are already longer than the limit allows.
            return message.Length >= maxMessageSize
                ? SipFrame.Failed(SipFramingError.MessageTooLarge)
                : SipFrame.NeedMore(messageStarted: true);
        }

        var headerLength = reader.Consumed;
        if (headerLength > maxMessageSize)
        {
            return SipFrame.Failed(SipFramingError.MessageTooLarge);
        }

        if (Fail(ScanHeaders(head, out var bodyLength)) is { } failure)
        {
            return failure;
        }

        var total = headerLength + bodyLength;
        if (total > maxMessageSize)
        {
            return SipFrame.Failed(SipFramingError.MessageTooLarge);
        }

        if (message.Length < total)
        {
            return SipFrame.NeedMore(messageStarted: true);
        }

        var whole = message.Slice(0, total);
        consumed = examined = whole.End;
        return SipFrame.Complete(whole);
    }

    // The usual case (a read that holds the whole message in one pipe segment) as plain span
    // searches; the same rules as the sequence path below.
    private static SipFrame ReadSingleSegment(in ReadOnlySequence<byte> buffer, int maxMessageSize, out SequencePosition consumed, out SequencePosition examined)
    {
        consumed = buffer.Start;
        examined = buffer.End;
        var span = buffer.FirstSpan;
        var run = span.IndexOfAnyExcept("\r\n"u8);
        if (run < 0)
        {
            run = span.Length;
        }

        if (run > 0)
        {
            var lineEnds = span[..run];
            var ping = lineEnds.IndexOf(Ping);
            if (ping >= 0)
            {
                consumed = examined = buffer.GetPosition(ping + 4);
                return SipFrame.Ping();
            }

            if (run == span.Length)
            {
                consumed = buffer.GetPosition(run - PingPrefixSuffix(lineEnds));
                return SipFrame.NeedMore(messageStarted: false);
            }
        }
        else if (span.IsEmpty)
        {
            return SipFrame.NeedMore(messageStarted: false);
        }

        consumed = buffer.GetPosition(run);
        var message = span[run..];
        var end = message.IndexOf(Ping);
        if (end < 0)
        {
            return message.Length >= maxMessageSize
                ? SipFrame.Failed(SipFramingError.MessageTooLarge)
                : SipFrame.NeedMore(messageStarted: true);
        }

        var headerLength = end + Ping.Length;
        if (headerLength > maxMessageSize)
        {
            return SipFrame.Failed(SipFramingError.MessageTooLarge);
        }

        if (Fail(ScanHeaders(message[..end], out var bodyLength)) is { } failure)
        {
            return failure;
        }

        var total = (long)headerLength + bodyLength;
        if (total > maxMessageSize)
        {
            return SipFrame.Failed(SipFramingError.MessageTooLarge);
        }

        if (message.Length < total)
        {
            return SipFrame.NeedMore(messageStarted: true);
        }

        var whole = buffer.Slice(consumed, total);
        consumed = examined = whole.End;
        return SipFrame.Complete(whole);
    }

    private static SipFrame? Fail(ContentLengthScanner.Outcome outcome) => outcome switch
    {
        ContentLengthScanner.Outcome.Invalid => SipFrame.Failed(SipFramingError.InvalidContentLength),
        ContentLengthScanner.Outcome.Conflicting => SipFrame.Failed(SipFramingError.ConflictingContentLength),
        ContentLengthScanner.Outcome.TooLarge => SipFrame.Failed(SipFramingError.MessageTooLarge),
        _ => null,
    };

    // head = start line + CRLF + header fields, without the final empty line.
    private static ContentLengthScanner.Outcome ScanHeaders(in ReadOnlySequence<byte> head, out int bodyLength)
    {
        if (head.IsSingleSegment)
        {
            return ScanHeaders(head.FirstSpan, out bodyLength);
        }

        // Headers split across pipe segments happen only when a read boundary fell inside them;
        // a flat copy keeps the scanner a plain span loop. Bounded by maxMessageSize.
        var length = (int)head.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            head.CopyTo(rented);
            return ScanHeaders(rented.AsSpan(0, length), out bodyLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ContentLengthScanner.Outcome ScanHeaders(ReadOnlySpan<byte> head, out int bodyLength)
    {
        var startLineEnd = head.IndexOf("\r\n"u8);
        if (startLineEnd < 0)
        {
            bodyLength = 0;
            return ContentLengthScanner.Outcome.Absent;
        }

        return ContentLengthScanner.Scan(head[(startLineEnd + 2)..], out bodyLength);
    }

    // The length of the longest suffix of a CR/LF run that is a proper prefix of "\r\n\r\n".
    private static int PingPrefixSuffix(in ReadOnlySequence<byte> run)
    {
        Span<byte> tail = stackalloc byte[3];
        var n = (int)Math.Min(3, run.Length);
        run.Slice(run.Length - n).CopyTo(tail);
        return PingPrefixSuffix(tail[..n]);
    }

    private static int PingPrefixSuffix(ReadOnlySpan<byte> run)
    {
        for (var len = Math.Min(3, run.Length); len > 0; len--)
        {
            if (run[^len..].SequenceEqual(Ping[..len]))
            {
                return len;
            }
        }

        return 0;
    }
}
