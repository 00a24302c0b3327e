namespace Bridgehead.Sip;

/// <summary>
/// A parsed SIP request or response. The message keeps the bytes it was parsed from and knows
/// where its start line, header lines and body are; header values are interpreted on demand
/// (<see cref="Via"/>, <see cref="NameAddress"/>, <see cref="CSeqHeader"/>, <see cref="SipUri"/>)
/// so that a proxy pays only for what it reads and forwards everything else byte-exact.
/// </summary>
public sealed partial class SipMessage
{
    private HeaderFieldBuffer _inlineHeaders;
    private HeaderField[]? _moreHeaders;
    private int _headerCount;

    private SipMessage(ReadOnlyMemory<byte> buffer) => Buffer = buffer;

    /// <summary>The message bytes, from the start line to the end of the body.</summary>
    public ReadOnlyMemory<byte> Buffer { get; private set; }

    public bool IsRequest { get; private set; }

    public bool IsResponse => !IsRequest;

    /// <summary>The method of a request; <see cref="SipMethod.Unknown"/> for extension methods (see <see cref="MethodToken"/>).</summary>
    public SipMethod Method { get; private set; }

    /// <summary>The method token as written (requests only).</summary>
    public ReadOnlySpan<byte> MethodToken => Slice(_methodStart, _methodLength);

    /// <summary>The Request-URI exactly as written (requests only).</summary>
    public ReadOnlySpan<byte> RequestUri => Slice(_requestUriStart, _requestUriLength);

    public ReadOnlyMemory<byte> RequestUriMemory => Buffer.Slice(_requestUriStart, _requestUriLength);

    /// <summary>Offset of the Request-URI in <see cref="Buffer"/> (for rewriting it).</summary>
    public int RequestUriStart => _requestUriStart;

    /// <summary>The status code of a response.</summary>
    public int StatusCode { get; private set; }

    public ReadOnlySpan<byte> ReasonPhrase => Slice(_reasonStart, _reasonLength);

    /// <summary>Offset of the first header line; start line occupies the bytes before it.</summary>
    public int HeadersStart { get; private set; }

    /// <summary>Offset of the empty line that ends the headers.</summary>
    public int HeadersEnd { get; private set; }

    public int BodyStart { get; private set; }

    public int BodyLength { get; private set; }

    public ReadOnlySpan<byte> Body => Slice(BodyStart, BodyLength);

    public ReadOnlyMemory<byte> BodyMemory => Buffer.Slice(BodyStart, BodyLength);

    /// <summary>The Content-Length value as written, or -1 when the header is absent.</summary>
    public int ContentLength { get; private set; } = -1;

    public int HeaderCount => _headerCount;

    /// <summary>The header lines in wire order.</summary>
    public ReadOnlySpan<HeaderField> Headers =>
        _moreHeaders is null ? ((ReadOnlySpan<HeaderField>)_inlineHeaders)[.._headerCount] : _moreHeaders.AsSpan(0, _headerCount);

    private int _methodStart;
    private int _methodLength;
    private int _requestUriStart;
    private int _requestUriLength;
    private int _reasonStart;
    private int _reasonLength;

    /// <summary>The raw value of a header line (trimmed, folding kept).</summary>
    public ReadOnlySpan<byte> Value(in HeaderField header) => Buffer.Span.Slice(header.ValueStart, header.ValueLength);

    public ReadOnlyMemory<byte> ValueMemory(in HeaderField header) => Buffer.Slice(header.ValueStart, header.ValueLength);

    /// <summary>The header name as written (for unknown headers, whose identity is the name).</summary>
    public ReadOnlySpan<byte> Name(in HeaderField header) => Buffer.Span.Slice(header.LineStart, header.NameLength);

    /// <summary>Index of the first header with this id, or -1.</summary>
    public int IndexOf(HeaderId id, int startIndex = 0)
    {
        var headers = Headers;
        for (var i = startIndex; i < headers.Length; i++)
        {
            if (headers[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    public bool Has(HeaderId id) => IndexOf(id) >= 0;

    /// <summary>The value of the first header with this id, or empty when absent.</summary>
    public ReadOnlySpan<byte> FirstValue(HeaderId id)
    {
        var i = IndexOf(id);
        return i < 0 ? default : Value(Headers[i]);
    }

    public ReadOnlyMemory<byte> FirstValueMemory(HeaderId id)
    {
        var i = IndexOf(id);
        return i < 0 ? default : ValueMemory(Headers[i]);
    }

    /// <summary>Index of the first header whose name is this unknown header's name (case-insensitive).</summary>
    public int IndexOfName(ReadOnlySpan<byte> name)
    {
        var id = KnownHeaders.Identify(name);
        if (id != HeaderId.Unknown)
        {
            return IndexOf(id);
        }

        var headers = Headers;
        for (var i = 0; i < headers.Length; i++)
        {
            if (headers[i].Id == HeaderId.Unknown && System.Text.Ascii.EqualsIgnoreCase(Name(headers[i]), name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Every value of every header with this id, comma lists split (RFC 3261 §7.3.1).</summary>
    public HeaderValueEnumerator Values(HeaderId id) => new(this, id);

    private ReadOnlySpan<byte> Slice(int start, int length) => Buffer.Span.Slice(start, length);

    private void AddHeader(in HeaderField field)
    {
        if (_moreHeaders is null)
        {
            if (_headerCount < HeaderFieldBuffer.Capacity)
            {
                _inlineHeaders[_headerCount++] = field;
                return;
            }

            _moreHeaders = new HeaderField[HeaderFieldBuffer.Capacity * 2];
            ((ReadOnlySpan<HeaderField>)_inlineHeaders).CopyTo(_moreHeaders);
        }
        else if (_headerCount == _moreHeaders.Length)
        {
            Array.Resize(ref _moreHeaders, _moreHeaders.Length * 2);
        }

        _moreHeaders[_headerCount++] = field;
    }

    public override string ToString() => SipText.ToText(Buffer.Span);
}
