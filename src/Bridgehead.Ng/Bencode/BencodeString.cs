using System.Text;

namespace Bridgehead.Ng.Bencode;

/// <summary>
/// A byte string. Its length on the wire is in bytes, not characters; the bytes are kept as
/// received (an SDP body goes through untouched) and decoded as UTF-8 only when asked.
/// </summary>
public sealed class BencodeString : BencodeValue, IEquatable<BencodeString>
{
    private string? text;

    public BencodeString(ReadOnlyMemory<byte> bytes) => Bytes = bytes;

    public BencodeString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Bytes = Encoding.UTF8.GetBytes(text);
        this.text = text;
    }

    public override BencodeKind Kind => BencodeKind.String;

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The bytes as UTF-8 text (invalid sequences become U+FFFD).</summary>
    public string Text => text ??= Encoding.UTF8.GetString(Bytes.Span);

    /// <summary>Compares with ASCII/UTF-8 text without decoding.</summary>
    public bool Equals(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Bytes.Span;
        if (bytes.Length != Encoding.UTF8.GetByteCount(value))
        {
            return false;
        }

        Span<byte> buffer = bytes.Length <= 256 ? stackalloc byte[bytes.Length] : new byte[bytes.Length];
        Encoding.UTF8.GetBytes(value, buffer);
        return bytes.SequenceEqual(buffer);
    }

    public bool Equals(BencodeString? other) => other is not null && Bytes.Span.SequenceEqual(other.Bytes.Span);

    public override bool Equals(object? obj) => obj is BencodeString other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Bytes.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => Text;
}
