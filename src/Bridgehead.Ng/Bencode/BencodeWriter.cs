using System.Buffers;
using System.Buffers.Text;

namespace Bridgehead.Ng.Bencode;

/// <summary>Writes bencode; dictionaries come out with their keys sorted (they are stored that way).</summary>
public static class BencodeWriter
{
    public static byte[] ToBytes(BencodeValue value)
    {
        var bytes = new byte[GetByteCount(value)];
        var written = Write(value, bytes);
        return written == bytes.Length ? bytes : throw new InvalidOperationException("Bencode size mismatch.");
    }

    public static void Write(BencodeValue value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var count = GetByteCount(value);
        var written = Write(value, output.GetSpan(count));
        output.Advance(written);
    }

    /// <summary>Writes into a span that must hold <see cref="GetByteCount"/> bytes; returns the count written.</summary>
    public static int Write(BencodeValue value, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case BencodeString s:
                return WriteString(s.Bytes.Span, destination);
            case BencodeInteger i:
                destination[0] = (byte)'i';
                Utf8Formatter.TryFormat(i.Value, destination[1..], out var digits);
                destination[1 + digits] = (byte)'e';
                return digits + 2;
            case BencodeList list:
                {
                    destination[0] = (byte)'l';
                    var n = 1;
                    foreach (var item in list)
                    {
                        n += Write(item, destination[n..]);
                    }

                    destination[n] = (byte)'e';
                    return n + 1;
                }

            case BencodeDictionary dictionary:
                {
                    destination[0] = (byte)'d';
                    var n = 1;
                    foreach (var (key, item) in dictionary)
                    {
                        n += WriteString(key.Bytes.Span, destination[n..]);
                        n += Write(item, destination[n..]);
                    }

                    destination[n] = (byte)'e';
                    return n + 1;
                }

            default:
                throw new ArgumentException($"Unknown bencode value {value.GetType()}.", nameof(value));
        }
    }

    public static int GetByteCount(BencodeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case BencodeString s:
                return StringByteCount(s.Bytes.Length);
            case BencodeInteger i:
                return DigitCount(i.Value) + 2;
            case BencodeList list:
                {
                    var n = 2;
                    foreach (var item in list)
                    {
                        n += GetByteCount(item);
                    }

                    return n;
                }

            case BencodeDictionary dictionary:
                {
                    var n = 2;
                    foreach (var (key, item) in dictionary)
                    {
                        n += StringByteCount(key.Bytes.Length) + GetByteCount(item);
                    }

                    return n;
                }

            default:
                throw new ArgumentException($"Unknown bencode value {value.GetType()}.", nameof(value));
        }
    }

    private static int WriteString(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(bytes.Length, destination, out var digits);
        destination[digits] = (byte)':';
        bytes.CopyTo(destination[(digits + 1)..]);
        return digits + 1 + bytes.Length;
    }

    private static int StringByteCount(int length) => DigitCount(length) + 1 + length;

    private static int DigitCount(long value)
    {
        if (value == long.MinValue)
        {
            return 20;
        }

        var n = value < 0 ? 2 : 1;
        value = Math.Abs(value);
        while (value >= 10)
        {
            value /= 10;
            n++;
        }

        return n;
    }
}
