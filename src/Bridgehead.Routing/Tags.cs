using System.Buffers.Text;

namespace Bridgehead.Routing;

/// <summary>
/// To tags for responses the edge generates itself. Derived from the request's identity so
/// that every response to one request carries the same tag (RFC 3261 §8.2.6.2), without state.
/// </summary>
public static class Tags
{
    public const int Length = 16;

    public static byte[] For(ReadOnlySpan<byte> callId, ReadOnlySpan<byte> branch, uint cseq)
    {
        var h = 14695981039346656037UL;
        foreach (var b in callId)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        foreach (var b in branch)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        h = (h ^ cseq) * 1099511628211UL;
        var tag = new byte[Length];
        Utf8Formatter.TryFormat(h, tag, out _, new System.Buffers.StandardFormat('x', Length));
        return tag;
    }

    public static byte[] For(Bridgehead.Sip.SipMessage request) =>
        For(request.CallId.Span, request.TopVia.Branch.Span, request.CSeq.Number);
}
