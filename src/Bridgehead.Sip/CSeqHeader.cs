namespace Bridgehead.Sip;

/// <summary>CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number must be below 2**31 (§8.1.1.5).</summary>
public readonly struct CSeqHeader
{
    public uint Number { get; init; }

    public SipMethod Method { get; init; }

    public ReadOnlyMemory<byte> MethodToken { get; init; }

    public static bool TryParse(ReadOnlyMemory<byte> text, out CSeqHeader cseq)
    {
        cseq = default;
        var s = text.Span;
        var p = 0;
        while (p < s.Length && SipText.IsDigit(s[p]))
        {
            p++;
        }

        // RFC 4475 scalar02/scalarlg: overlarge values are refused, never wrapped.
        if (!SipText.TryParseUInt32(s[..p], out var number) || number > int.MaxValue)
        {
            return false;
        }

        var afterNumber = p;
        while (p < s.Length && SipText.IsWhitespace(s[p]))
        {
            p++;
        }

        if (p == afterNumber || p == s.Length || !SipText.IsToken(s[p..]))
        {
            return false;
        }

        cseq = new CSeqHeader { Number = number, Method = SipMethods.Identify(s[p..]), MethodToken = text[p..] };
        return true;
    }
}
