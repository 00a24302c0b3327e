namespace Bridgehead.Sip;

public sealed partial class SipMessage
{
    private bool _validated;
    private Via _topVia;
    private CSeqHeader _cseq;
    private NameAddress _from;
    private NameAddress _to;
    private SipUri _uri;
    private int _maxForwards = -1;

    /// <summary>The first Via value (valid after <see cref="Validate"/> succeeded).</summary>
    public Via TopVia => _topVia;

    public CSeqHeader CSeq => _cseq;

    public NameAddress From => _from;

    public NameAddress To => _to;

    public ReadOnlyMemory<byte> CallId => FirstValueMemory(HeaderId.CallId);

    /// <summary>The parsed Request-URI (requests; for non-SIP schemes only Text and Scheme are set).</summary>
    public SipUri Uri => _uri;

    /// <summary>Max-Forwards, or -1 when absent (RFC 2543 peers, RFC 4475 inv2543).</summary>
    public int MaxForwards => _maxForwards;

    /// <summary>
    /// Checks the headers a proxy and registrar rely on (RFC 3261 §8.2, §16.3): one Via at least,
    /// exactly one From, To, Call-ID and CSeq, a CSeq method that matches the request's, numeric
    /// Max-Forwards, and well-formed Contact/Route/Record-Route values. Results are kept, so the
    /// accessors above cost nothing afterwards. Parse errors found earlier are not repeated here.
    /// </summary>
    public SipParseError Validate()
    {
        if (_validated)
        {
            return SipParseError.None;
        }

        var error = ValidateCore();
        _validated = error == SipParseError.None;
        return error;
    }

    private SipParseError ValidateCore()
    {
        int via = -1, from = -1, to = -1, callId = -1, cseq = -1, maxForwards = -1;
        var headers = Headers;
        for (var i = 0; i < headers.Length; i++)
        {
            ref readonly var h = ref headers[i];
            switch (h.Id)
            {
                case HeaderId.Via when via < 0:
                    via = i;
                    break;
                case HeaderId.From:
                    if (from >= 0)
                    {
                        return SipParseError.DuplicateHeader;
                    }

                    from = i;
                    break;
                case HeaderId.To:
                    if (to >= 0)
                    {
                        return SipParseError.DuplicateHeader;
                    }

                    to = i;
                    break;
                case HeaderId.CallId:
                    if (callId >= 0)
                    {
                        return SipParseError.DuplicateHeader;
                    }

                    callId = i;
                    break;
                case HeaderId.CSeq:
                    if (cseq >= 0)
                    {
                        return SipParseError.DuplicateHeader;
                    }

                    cseq = i;
                    break;
                case HeaderId.MaxForwards:
                    if (maxForwards >= 0)
                    {
                        return SipParseError.DuplicateHeader;
                    }

                    maxForwards = i;
                    break;
            }
        }

        // RFC 3261 §19.1.1: headers are not allowed in a Request-URI; a proxy must neither forward
        // them nor turn them into real headers (RFC 4475 escruri), so such a request is refused.
        if (IsRequest && (!SipUri.TryParse(RequestUriMemory, out _uri) || _uri.Headers.Length > 0))
        {
            return SipParseError.BadRequestUri;
        }

        if (via < 0)
        {
            return SipParseError.MissingVia;
        }

        var firstVia = headers[via];
        var viaEnd = HeaderValueEnumerator.FindValueEnd(Buffer.Span, firstVia.ValueStart, firstVia.ValueEnd);
        var viaText = Buffer[firstVia.ValueStart..viaEnd];
        var (trimStart, trimLength) = SipText.TrimLwsRange(viaText.Span);
        if (!Via.TryParse(viaText.Slice(trimStart, trimLength), out _topVia))
        {
            return SipParseError.BadVia;
        }

        if (cseq < 0)
        {
            return SipParseError.MissingCSeq;
        }

        if (!CSeqHeader.TryParse(ValueMemory(headers[cseq]), out _cseq))
        {
            return SipParseError.BadCSeq;
        }

        if (callId < 0)
        {
            return SipParseError.MissingCallId;
        }

        if (!IsCallId(Value(headers[callId])))
        {
            return SipParseError.BadCallId;
        }

        if (from < 0)
        {
            return SipParseError.MissingFrom;
        }

        if (!NameAddress.TryParse(ValueMemory(headers[from]), out _from))
        {
            return SipParseError.BadFrom;
        }

        if (to < 0)
        {
            return SipParseError.MissingTo;
        }

        if (!NameAddress.TryParse(ValueMemory(headers[to]), out _to))
        {
            return SipParseError.BadTo;
        }

        if (!IsRequest)
        {
            return SipParseError.None;
        }

        if (!_cseq.MethodToken.Span.SequenceEqual(MethodToken))
        {
            return SipParseError.CSeqMethodMismatch;
        }

        if (maxForwards >= 0)
        {
            // RFC 4475 scalar02: an overlarge Max-Forwards may be tolerated; it is clamped to 255.
            var value = Value(headers[maxForwards]);
            if (value.IsEmpty || value.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
            {
                return SipParseError.BadMaxForwards;
            }

            _maxForwards = SipText.TryParseInt32(value, out var mf) ? Math.Min(mf, 255) : 255;
        }

        return ValidateAddressLists();
    }

    private SipParseError ValidateAddressLists()
    {
        foreach (var contact in Values(HeaderId.Contact))
        {
            if (!NameAddress.TryParse(contact.Memory, out _, allowWildcard: Method == SipMethod.Register))
            {
                return SipParseError.BadContact;
            }
        }

        foreach (var route in Values(HeaderId.Route))
        {
            if (!NameAddress.TryParse(route.Memory, out _))
            {
                return SipParseError.BadRoute;
            }
        }

        foreach (var recordRoute in Values(HeaderId.RecordRoute))
        {
            if (!NameAddress.TryParse(recordRoute.Memory, out _))
            {
                return SipParseError.BadRecordRoute;
            }
        }

        var expires = FirstValue(HeaderId.Expires);
        if (Has(HeaderId.Expires) && (expires.IsEmpty || expires.ContainsAnyExceptInRange((byte)'0', (byte)'9')))
        {
            return SipParseError.BadExpires;
        }

        return SipParseError.None;
    }

    // Call-ID = word [ "@" word ] (RFC 3261 §25.1).
    private static bool IsCallId(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        var at = value.IndexOf((byte)'@');
        return at < 0
            ? !value.ContainsAnyExcept(SipText.Word)
            : at > 0 && at < value.Length - 1 && !value[..at].ContainsAnyExcept(SipText.Word) && !value[(at + 1)..].ContainsAnyExcept(SipText.Word);
    }
}
