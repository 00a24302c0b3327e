using System.Buffers.Binary;

namespace Bridgehead.Stun;

/// <summary>One attribute: its type and its value without padding.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "\"Attribute\" is RFC 8489's name for a STUN TLV.")]
public readonly ref struct StunAttribute
{
    public StunAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    public ushort Type { get; }

    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>
/// Walks attributes already validated by <see cref="StunMessage.TryParse"/>; padding octets are
/// skipped whatever their contents (RFC 5769 §2.1 pads with spaces).
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _attributes;
    private int _next;
    private StunAttribute _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> attributes)
    {
        _attributes = attributes;
        _next = 0;
        _current = default;
    }

    public readonly StunAttribute Current => _current;

    public readonly StunAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_attributes.Length - _next < 4)
        {
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(_attributes.Slice(_next));
        int length = BinaryPrimitives.ReadUInt16BigEndian(_attributes.Slice(_next + 2));
        if (length > _attributes.Length - _next - 4)
        {
            return false;
        }

        _current = new StunAttribute(type, _attributes.Slice(_next + 4, length));
        _next += 4 + ((length + 3) & ~3);
        return true;
    }
}
