namespace Bridgehead.Sip;

/// <summary>
/// One header line of a parsed message, as offsets into the message buffer: the whole raw line
/// (folded continuation lines and the line end included, so it can be copied byte-exact), the
/// name as written, and the value with surrounding white space trimmed.
/// </summary>
public readonly struct HeaderField
{
    public HeaderField(HeaderId id, int lineStart, int lineLength, int nameLength, int valueStart, int valueLength)
    {
        Id = id;
        LineStart = lineStart;
        LineLength = lineLength;
        NameLength = nameLength;
        ValueStart = valueStart;
        ValueLength = valueLength;
    }

    public HeaderId Id { get; }

    /// <summary>Offset of the first byte of the header name.</summary>
    public int LineStart { get; }

    /// <summary>Length of the raw line including continuation lines and the final line end.</summary>
    public int LineLength { get; }

    public int NameLength { get; }

    public int ValueStart { get; }

    public int ValueLength { get; }

    public int LineEnd => LineStart + LineLength;

    public int ValueEnd => ValueStart + ValueLength;
}
