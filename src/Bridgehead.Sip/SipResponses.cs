using System.Net;

namespace Bridgehead.Sip;

/// <summary>
/// Builds responses to requests (RFC 3261 §8.2.6): the status line, then the request's Via
/// values (the top one with received/rport for the packet's source), From, To (with a tag added
/// when one is given and the request's To has none), Call-ID and CSeq copied byte-exact. The
/// caller adds its own headers and finishes with <see cref="SipMessageWriter.WriteBody"/>.
/// Works on requests that failed validation too, copying what is there, so a 400 can be sent.
/// </summary>
public static class SipResponses
{
    public static SipMessageWriter Start(SipMessage request, int statusCode, ReadOnlySpan<byte> reasonPhrase, IPEndPoint? source, ReadOnlySpan<byte> toTag = default)
    {
        var writer = new SipMessageWriter(512 + request.Buffer.Length / 2);
        writer.Write("SIP/2.0 "u8).WriteDecimal(statusCode).Write((byte)' ').Write(reasonPhrase).WriteCrlf();

        var span = request.Buffer.Span;
        var firstVia = true;
        foreach (ref readonly var h in request.Headers)
        {
            switch (h.Id)
            {
                case HeaderId.Via when firstVia:
                    firstVia = false;
                    WriteFirstViaLine(writer, request, h, source);
                    break;
                case HeaderId.Via or HeaderId.From or HeaderId.CallId or HeaderId.CSeq or HeaderId.Timestamp:
                    writer.Write(span.Slice(h.LineStart, h.LineLength));
                    EnsureLineEnd(writer, span.Slice(h.LineStart, h.LineLength));
                    break;
                case HeaderId.To:
                    writer.Write(span.Slice(h.LineStart, h.ValueEnd - h.LineStart));
                    if (!toTag.IsEmpty && statusCode > 100 && !HasTag(request, h))
                    {
                        writer.Write(";tag="u8).Write(toTag);
                    }

                    writer.WriteCrlf();
                    break;
            }
        }

        return writer;
    }

    /// <summary>A complete response with no body and no extra headers (e.g. 100 Trying, errors).</summary>
    public static byte[] Simple(SipMessage request, int statusCode, ReadOnlySpan<byte> reasonPhrase, IPEndPoint? source, ReadOnlySpan<byte> toTag = default)
    {
        using var writer = Start(request, statusCode, reasonPhrase, source, toTag);
        writer.WriteBody(default);
        return writer.ToArray();
    }

    public static SipMessageWriter Start(SipMessage request, int statusCode, string reasonPhrase, IPEndPoint? source, ReadOnlySpan<byte> toTag = default)
    {
        Span<byte> reason = stackalloc byte[System.Text.Encoding.UTF8.GetMaxByteCount(reasonPhrase.Length)];
        var n = System.Text.Encoding.UTF8.GetBytes(reasonPhrase, reason);
        return Start(request, statusCode, reason[..n], source, toTag);
    }

    public static byte[] Simple(SipMessage request, int statusCode, string reasonPhrase, IPEndPoint? source, ReadOnlySpan<byte> toTag = default)
    {
        using var writer = Start(request, statusCode, reasonPhrase, source, toTag);
        writer.WriteBody(default);
        return writer.ToArray();
    }

    private static void WriteFirstViaLine(SipMessageWriter writer, SipMessage request, in HeaderField h, IPEndPoint? source)
    {
        var span = request.Buffer.Span;
        var valueEnd = HeaderValueEnumerator.FindValueEnd(span, h.ValueStart, h.ValueEnd);
        var (trim, length) = SipText.TrimLwsRange(span[h.ValueStart..valueEnd]);
        var valueStart = h.ValueStart + trim;
        var value = request.Buffer.Slice(valueStart, length);
        if (source is null || !Via.TryParse(value, out var via))
        {
            writer.Write(span.Slice(h.LineStart, h.LineLength));
            EnsureLineEnd(writer, span.Slice(h.LineStart, h.LineLength));
            return;
        }

        writer.Write(span[h.LineStart..valueStart]);
        ViaReceived.Write(writer, value.Span, via, source);
        writer.Write(span[(valueStart + length)..h.ValueEnd]);
        writer.WriteCrlf();
    }

    private static bool HasTag(SipMessage request, in HeaderField to) =>
        NameAddress.TryParse(request.ValueMemory(to), out var address) && address.HasTag;

    // A raw line copied from a message parsed with bare-LF line ends keeps them; that is valid
    // for the receiver of a copied line only if it also ends in LF, which it does.
    private static void EnsureLineEnd(SipMessageWriter writer, ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || line[^1] != '\n')
        {
            writer.WriteCrlf();
        }
    }
}
