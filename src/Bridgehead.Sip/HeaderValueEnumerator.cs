namespace Bridgehead.Sip;

/// <summary>One value of a possibly comma-separated header, with its place in the message.</summary>
public readonly record struct HeaderValue(int HeaderIndex, int Start, int Length, ReadOnlyMemory<byte> Memory)
{
    public ReadOnlySpan<byte> Span => Memory.Span;

    public int End => Start + Length;
}

/// <summary>
/// Enumerates the values of every header with one id in wire order, splitting comma lists
/// (RFC 3261 §7.3.1) while respecting quoted strings and angle brackets, where commas do not
/// separate values. Empty values are yielded so that callers can reject them.
/// </summary>
public struct HeaderValueEnumerator
{
    private readonly SipMessage _message;
    private readonly HeaderId _id;
    private int _headerIndex;
    private int _pos;
    private int _end;

    internal HeaderValueEnumerator(SipMessage message, HeaderId id)
    {
        _message = message;
        _id = id;
        _headerIndex = -1;
        _pos = 0;
        _end = 0;
        Current = default;
    }

    public HeaderValue Current { get; private set; }

    public readonly HeaderValueEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        var span = _message.Buffer.Span;
        while (true)
        {
            if (_headerIndex >= 0 && _pos <= _end)
            {
                var comma = FindValueEnd(span, _pos, _end);
                var (offset, length) = SipText.TrimLwsRange(span[_pos..comma]);
                var start = _pos + offset;
                Current = new HeaderValue(_headerIndex, start, length, _message.Buffer.Slice(start, length));
                _pos = comma + 1;
                return true;
            }

            _headerIndex = _message.IndexOf(_id, _headerIndex + 1);
            if (_headerIndex < 0)
            {
                return false;
            }

            var header = _message.Headers[_headerIndex];
            _pos = header.ValueStart;
            _end = header.ValueEnd;
        }
    }

    /// <summary>Offset of the comma ending the value that starts at <paramref name="start"/>, or <paramref name="end"/>.</summary>
    public static int FindValueEnd(ReadOnlySpan<byte> span, int start, int end)
    {
        var p = start;
        while (p < end)
        {
            var i = span[p..end].IndexOfAny(SipText.CommaOrShield);
            if (i < 0)
            {
                return end;
            }

            p += i;
            switch (span[p])
            {
                case (byte)',':
                    return p;
                case (byte)'"':
                    var close = QuotedString.FindEnd(span[..end], p);
                    p = close < 0 ? end : close;
                    break;
                default:
                    var gt = span[p..end].IndexOf((byte)'>');
                    p = gt < 0 ? end : p + gt + 1;
                    break;
            }
        }

        return end;
    }
}
