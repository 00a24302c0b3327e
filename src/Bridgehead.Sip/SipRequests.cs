namespace Bridgehead.Sip;

/// <summary>Requests a transaction layer or proxy derives from a request it sent.</summary>
public static class SipRequests
{
    /// <summary>
    /// The ACK for a non-2xx final response to an INVITE (RFC 3261 §17.1.1.3): same Request-URI,
    /// Call-ID, From, CSeq number and top Via (same branch) as the INVITE, the To of the response
    /// (with its tag), the INVITE's Route headers, method ACK.
    /// </summary>
    public static byte[] AckFor(SipMessage invite, SipMessage response)
    {
        using var writer = new SipMessageWriter(512);
        writer.Write("ACK "u8).Write(invite.RequestUri).Write(" SIP/2.0\r\n"u8);
        WriteTopVia(writer, invite);
        CopyLines(writer, invite, HeaderId.Route);
        CopyLines(writer, invite, HeaderId.MaxForwards);
        CopyLines(writer, invite, HeaderId.From);
        CopyLines(writer, response, HeaderId.To);
        CopyLines(writer, invite, HeaderId.CallId);
        writer.Write("CSeq: "u8).WriteDecimal(invite.CSeq.Number).Write(" ACK\r\n"u8);
        writer.WriteBody(default);
        return writer.ToArray();
    }

    /// <summary>
    /// The CANCEL for an INVITE (RFC 3261 §9.1): same Request-URI, Call-ID, To, From, CSeq number
    /// and top Via (so it matches the INVITE's server transaction downstream), the INVITE's Route
    /// headers, method CANCEL.
    /// </summary>
    public static byte[] CancelFor(SipMessage invite, ReadOnlySpan<byte> reasonHeaderValue = default)
    {
        using var writer = new SipMessageWriter(512);
        writer.Write("CANCEL "u8).Write(invite.RequestUri).Write(" SIP/2.0\r\n"u8);
        WriteTopVia(writer, invite);
        CopyLines(writer, invite, HeaderId.Route);
        CopyLines(writer, invite, HeaderId.MaxForwards);
        CopyLines(writer, invite, HeaderId.From);
        CopyLines(writer, invite, HeaderId.To);
        CopyLines(writer, invite, HeaderId.CallId);
        writer.Write("CSeq: "u8).WriteDecimal(invite.CSeq.Number).Write(" CANCEL\r\n"u8);
        if (!reasonHeaderValue.IsEmpty)
        {
            writer.WriteHeader(HeaderId.Reason, reasonHeaderValue);
        }

        writer.WriteBody(default);
        return writer.ToArray();
    }

    private static void WriteTopVia(SipMessageWriter writer, SipMessage request)
    {
        var span = request.Buffer.Span;
        var index = request.IndexOf(HeaderId.Via);
        var h = request.Headers[index];
        var end = HeaderValueEnumerator.FindValueEnd(span, h.ValueStart, h.ValueEnd);
        writer.Write("Via: "u8).Write(SipText.TrimLws(span[h.ValueStart..end])).WriteCrlf();
    }

    private static void CopyLines(SipMessageWriter writer, SipMessage message, HeaderId id)
    {
        var span = message.Buffer.Span;
        foreach (ref readonly var h in message.Headers)
        {
            if (h.Id == id)
            {
                writer.Write(KnownHeaders.Name(id)).Write(": "u8).Write(span.Slice(h.ValueStart, h.ValueLength)).WriteCrlf();
            }
        }
    }
}
