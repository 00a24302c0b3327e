namespace Bridgehead.Sip;

/// <summary>
/// Produces a changed copy of a message without re-serialising it: edits are byte ranges to
/// delete and bytes to insert at offsets of the original, and everything between them is copied
/// untouched, so unknown headers, folding, and bodies (multipart included) pass byte-exact.
/// This is how a proxy adds its Via and Record-Route, pops a Route, rewrites the Request-URI
/// and decrements Max-Forwards (RFC 3261 §16.6).
/// </summary>
public sealed class SipMessageEditor : IDisposable
{
    private readonly SipMessage _message;
    private readonly SipMessageWriter _scratch = new(512);
    private Edit[] _edits = new Edit[8];
    private int _count;
    private bool _bodyReplaced;
    private int _addedContentLength = -1;
    private int _nextSequence;
    private List<HeaderValue>? _removedValues;

    public SipMessageEditor(SipMessage message) => _message = message;

    public SipMessage Message => _message;

    /// <summary>Inserts bytes before the byte at <paramref name="offset"/> of the original.</summary>
    public void Insert(int offset, ReadOnlySpan<byte> bytes) => Replace(offset, 0, bytes);

    public void Delete(int offset, int length) => Replace(offset, length, default);

    /// <summary>Replaces <paramref name="length"/> bytes at <paramref name="offset"/> of the original.</summary>
    public void Replace(int offset, int length, ReadOnlySpan<byte> bytes)
    {
        var start = _scratch.Length;
        _scratch.Write(bytes);
        Add(new Edit(offset, length, start, bytes.Length, _nextSequence++, -1));
    }

    /// <summary>Starts an insertion whose bytes the caller writes into the returned writer; end it with <see cref="EndInsert"/>.</summary>
    public SipMessageWriter BeginInsert(out int mark)
    {
        mark = _scratch.Length;
        return _scratch;
    }

    public void EndInsert(int offset, int deleteLength, int mark) =>
        Add(new Edit(offset, deleteLength, mark, _scratch.Length - mark, _nextSequence++, -1));

    public void SetRequestUri(ReadOnlySpan<byte> uri)
    {
        Replace(_message.RequestUriStart, _message.RequestUri.Length, uri);
    }

    /// <summary>Inserts a header line before the first header (order of calls is kept).</summary>
    public void AddHeaderFirst(HeaderId id, ReadOnlySpan<byte> value)
    {
        var writer = BeginInsert(out var mark);
        writer.WriteHeader(id, value);
        EndInsert(_message.HeadersStart, 0, mark);
    }

    /// <summary>Inserts a header line after the last header.</summary>
    public void AddHeaderLast(HeaderId id, ReadOnlySpan<byte> value)
    {
        var writer = BeginInsert(out var mark);
        writer.WriteHeader(id, value);
        EndInsert(_message.HeadersEnd, 0, mark);
    }

    public void RemoveHeader(int headerIndex)
    {
        var h = _message.Headers[headerIndex];
        Delete(h.LineStart, h.LineLength);
    }

    public void ReplaceHeaderValue(int headerIndex, ReadOnlySpan<byte> value)
    {
        var h = _message.Headers[headerIndex];
        Replace(h.ValueStart, h.ValueLength, value);
    }

    /// <summary>
    /// Removes one value of a comma list; when it is the only value of its header line, the whole
    /// line goes (RFC 3261 §16.12: popping a Route value must not leave an empty Route header).
    /// Several values of one line may be removed (a proxy that double record-routes, RFC 5658,
    /// pops two of its own Route values): the separators are then chosen from the whole set, so
    /// the line keeps a well-formed list, or goes when no value is left.
    /// </summary>
    public void RemoveValue(in HeaderValue value)
    {
        if (IsRemoved(value.HeaderIndex, value.Start))
        {
            return;
        }

        (_removedValues ??= []).Add(value);

        // Forget the deletions made for earlier removals from this line, then redo them all.
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_edits[i].ValueOfHeader != value.HeaderIndex)
            {
                _edits[kept++] = _edits[i];
            }
        }

        _count = kept;
        var h = _message.Headers[value.HeaderIndex];
        var span = _message.Buffer.Span;

        // The last value that stays: removed values before it take the separator after them,
        // removed values after it take the separator before them, so no two deletions overlap.
        var lastKept = -1;
        var index = 0;
        for (var p = h.ValueStart; p <= h.ValueEnd; index++)
        {
            var end = HeaderValueEnumerator.FindValueEnd(span, p, h.ValueEnd);
            if (!IsRemoved(value.HeaderIndex, p + SipText.TrimLwsRange(span[p..end]).Start))
            {
                lastKept = index;
            }

            p = end + 1;
        }

        if (lastKept < 0)
        {
            Add(new Edit(h.LineStart, h.LineLength, _scratch.Length, 0, _nextSequence++, value.HeaderIndex));
            return;
        }

        index = 0;
        var previousEnd = -1;
        for (var p = h.ValueStart; p <= h.ValueEnd; index++)
        {
            var end = HeaderValueEnumerator.FindValueEnd(span, p, h.ValueEnd);
            var (trim, length) = SipText.TrimLwsRange(span[p..end]);
            var start = p + trim;
            if (IsRemoved(value.HeaderIndex, start))
            {
                if (index < lastKept)
                {
                    var next = end + 1;
                    while (next < h.ValueEnd && SipText.IsWhitespace(span[next]))
                    {
                        next++;
                    }

                    Add(new Edit(start, next - start, _scratch.Length, 0, _nextSequence++, value.HeaderIndex));
                }
                else
                {
                    Add(new Edit(previousEnd, start + length - previousEnd, _scratch.Length, 0, _nextSequence++, value.HeaderIndex));
                }
            }

            previousEnd = start + length;
            p = end + 1;
        }
    }

    private bool IsRemoved(int headerIndex, int start)
    {
        if (_removedValues is null)
        {
            return false;
        }

        foreach (var removed in _removedValues)
        {
            if (removed.HeaderIndex == headerIndex && removed.Start == start)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Replaces the body and sets Content-Length to match (added when absent).</summary>
    public void ReplaceBody(ReadOnlySpan<byte> body)
    {
        _bodyReplaced = true;
        Replace(_message.BodyStart, _message.BodyLength, body);
        SetContentLength(body.Length);
    }

    /// <summary>
    /// Makes sure the copy carries a Content-Length: required on stream transports (RFC 3261 §18.3)
    /// even when the original came over UDP without one.
    /// </summary>
    public void EnsureContentLength()
    {
        if (!_bodyReplaced && _addedContentLength < 0 && !_message.Has(HeaderId.ContentLength))
        {
            SetContentLength(_message.BodyLength);
        }
    }

    /// <summary>The size of the edited message.</summary>
    public int Length
    {
        get
        {
            var length = _message.Buffer.Length;
            for (var i = 0; i < _count; i++)
            {
                length += _edits[i].InsertLength - _edits[i].DeleteLength;
            }

            return length;
        }
    }

    public byte[] ToArray()
    {
        var output = new byte[Length];
        WriteTo(output);
        return output;
    }

    /// <summary>Writes the edited message; returns the bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        Array.Sort(_edits, 0, _count, EditOrder.Instance);
        var source = _message.Buffer.Span;
        var scratch = _scratch.WrittenSpan;
        var written = 0;
        var copied = 0;
        for (var i = 0; i < _count; i++)
        {
            var e = _edits[i];
            if (e.Offset < copied)
            {
                throw new InvalidOperationException("overlapping edits");
            }

            source[copied..e.Offset].CopyTo(destination[written..]);
            written += e.Offset - copied;
            scratch.Slice(e.InsertStart, e.InsertLength).CopyTo(destination[written..]);
            written += e.InsertLength;
            copied = e.Offset + e.DeleteLength;
        }

        source[copied..].CopyTo(destination[written..]);
        return written + source.Length - copied;
    }

    public void Dispose() => _scratch.Dispose();

    private void SetContentLength(int length)
    {
        var index = _message.IndexOf(HeaderId.ContentLength);
        Span<byte> digits = stackalloc byte[12];
        var n = SipText.WriteDecimal(digits, length);
        if (index >= 0)
        {
            ReplaceHeaderValue(index, digits[..n]);
            return;
        }

        // A Content-Length this editor added is rewritten, never added twice (a second one is
        // fatal to stream framing, RFC 4475 mcl01): EnsureContentLength then ReplaceBody.
        var writer = BeginInsert(out var mark);
        writer.WriteHeader(HeaderId.ContentLength, digits[..n]);
        for (var i = 0; i < _count; i++)
        {
            if (_edits[i].Sequence == _addedContentLength)
            {
                _edits[i] = _edits[i] with { InsertStart = mark, InsertLength = _scratch.Length - mark };
                return;
            }
        }

        _addedContentLength = _nextSequence;
        EndInsert(_message.HeadersEnd, 0, mark);
    }

    private void Add(Edit edit)
    {
        if (_count == _edits.Length)
        {
            Array.Resize(ref _edits, _count * 2);
        }

        _edits[_count++] = edit;
    }

    /// <param name="ValueOfHeader">The header line whose value removal made this deletion, or -1.</param>
    private readonly record struct Edit(int Offset, int DeleteLength, int InsertStart, int InsertLength, int Sequence, int ValueOfHeader);

    private sealed class EditOrder : IComparer<Edit>
    {
        public static readonly EditOrder Instance = new();

        public int Compare(Edit x, Edit y)
        {
            var c = x.Offset.CompareTo(y.Offset);
            if (c != 0)
            {
                return c;
            }

            // At one offset, pure insertions come first in call order, then the deletion.
            c = x.DeleteLength.CompareTo(y.DeleteLength);
            return c != 0 ? c : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
