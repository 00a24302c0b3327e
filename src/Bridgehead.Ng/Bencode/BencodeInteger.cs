using System.Globalization;

namespace Bridgehead.Ng.Bencode;

/// <summary>An integer, <c>i&lt;decimal&gt;e</c>, held as a 64-bit value (larger ones are rejected when read).</summary>
public sealed class BencodeInteger(long value) : BencodeValue
{
    public override BencodeKind Kind => BencodeKind.Integer;

    public long Value { get; } = value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
