using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace Bridgehead.Ng.Bencode;

/// <summary>
/// Reads exactly one bencoded value. Hardened as the ng spec asks: nesting is capped, a string
/// length is checked against the bytes that remain before anything is allocated, integers follow
/// BEP 3 strictly, and trailing bytes are an error. The input is copied once; strings are slices
/// of that copy, so the caller's buffer can be reused at once.
/// </summary>
public static class BencodeReader
{
    public const int DefaultMaxDepth = 32;

    public static bool TryRead(ReadOnlySpan<byte> input, [NotNullWhen(true)] out BencodeValue? value, out BencodeFailure failure, int maxDepth = DefaultMaxDepth)
    {
        value = null;
        if (input.IsEmpty)
        {
            failure = new(BencodeError.Empty, 0);
            return false;
        }

        var state = new State(input.ToArray(), maxDepth);
        value = state.ReadValue(0);
        if (value is not null && state.Position != state.Buffer.Length)
        {
            state.Fail(BencodeError.TrailingData, state.Position);
            value = null;
        }

        failure = state.Failure;
        return value is not null;
    }

    private sealed class State(byte[] buffer, int maxDepth)
    {
        public byte[] Buffer { get; } = buffer;

        public int Position { get; private set; }

        public BencodeFailure Failure { get; private set; }

        public void Fail(BencodeError error, int offset)
        {
            if (Failure.Error == BencodeError.None)
            {
                Failure = new(error, offset);
            }
        }

        public BencodeValue? ReadValue(int depth)
        {
            if (Position >= Buffer.Length)
            {
                Fail(BencodeError.Truncated, Position);
                return null;
            }

            return Buffer[Position] switch
            {
                (byte)'i' => ReadInteger(),
                (byte)'l' => ReadList(depth),
                (byte)'d' => ReadDictionary(depth),
                >= (byte)'0' and <= (byte)'9' => ReadString(),
                _ => FailNull(BencodeError.UnexpectedByte, Position),
            };
        }

        private BencodeValue? FailNull(BencodeError error, int offset)
        {
            Fail(error, offset);
            return null;
        }

        private BencodeInteger? ReadInteger()
        {
            var start = Position + 1;
            var rest = Buffer.AsSpan(start);
            var end = rest[..Math.Min(rest.Length, 21)].IndexOf((byte)'e');
            if (end < 0)
            {
                Fail(rest.Length < 21 ? BencodeError.Truncated : BencodeError.InvalidInteger, start);
                return null;
            }

            var digits = rest[..end];
            var magnitude = digits.Length > 0 && digits[0] == '-' ? digits[1..] : digits;
            if (magnitude.IsEmpty || magnitude.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0
                || (magnitude[0] == '0' && (magnitude.Length > 1 || magnitude.Length != digits.Length))
                || !Utf8Parser.TryParse(digits, out long value, out var consumed) || consumed != digits.Length)
            {
                Fail(BencodeError.InvalidInteger, start);
                return null;
            }

            Position = start + end + 1;
            return new BencodeInteger(value);
        }

        private BencodeString? ReadString()
        {
            var start = Position;
            var rest = Buffer.AsSpan(start);
            var colon = rest[..Math.Min(rest.Length, 11)].IndexOf((byte)':');
            if (colon < 0)
            {
                Fail(rest.Length < 11 && rest.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 ? BencodeError.Truncated : BencodeError.InvalidLength, start);
                return null;
            }

            if (!Utf8Parser.TryParse(rest[..colon], out long length, out var consumed) || consumed != colon || length < 0)
            {
                Fail(BencodeError.InvalidLength, start);
                return null;
            }

            var dataStart = start + colon + 1;
            if (length > Buffer.Length - dataStart)
            {
                Fail(BencodeError.StringTooLong, start);
                return null;
            }

            Position = dataStart + (int)length;
            return new BencodeString(new ReadOnlyMemory<byte>(Buffer, dataStart, (int)length));
        }

        private BencodeList? ReadList(int depth)
        {
            if (depth >= maxDepth)
            {
                Fail(BencodeError.TooDeep, Position);
                return null;
            }

            Position++;
            var list = new BencodeList();
            while (true)
            {
                if (Position >= Buffer.Length)
                {
                    Fail(BencodeError.Truncated, Position);
                    return null;
                }

                if (Buffer[Position] == 'e')
                {
                    Position++;
                    return list;
                }

                var item = ReadValue(depth + 1);
                if (item is null)
                {
                    return null;
                }

                list.Add(item);
            }
        }

        private BencodeDictionary? ReadDictionary(int depth)
        {
            if (depth >= maxDepth)
            {
                Fail(BencodeError.TooDeep, Position);
                return null;
            }

            Position++;
            var entries = new List<KeyValuePair<BencodeString, BencodeValue>>();
            var sorted = true;
            while (true)
            {
                if (Position >= Buffer.Length)
                {
                    Fail(BencodeError.Truncated, Position);
                    return null;
                }

                if (Buffer[Position] == 'e')
                {
                    Position++;
                    break;
                }

                var keyOffset = Position;
                if (Buffer[Position] is < (byte)'0' or > (byte)'9')
                {
                    Fail(BencodeError.KeyNotString, keyOffset);
                    return null;
                }

                var key = ReadString();
                if (key is null)
                {
                    return null;
                }

                var value = ReadValue(depth + 1);
                if (value is null)
                {
                    return null;
                }

                if (entries.Count > 0)
                {
                    var order = entries[^1].Key.Bytes.Span.SequenceCompareTo(key.Bytes.Span);
                    if (order == 0)
                    {
                        Fail(BencodeError.DuplicateKey, keyOffset);
                        return null;
                    }

                    sorted &= order < 0;
                }

                entries.Add(new(key, value));
            }

            if (!sorted)
            {
                // Keys may come in any order (rtpengine does not sort); sort once and look for duplicates.
                entries.Sort(static (a, b) => a.Key.Bytes.Span.SequenceCompareTo(b.Key.Bytes.Span));
                for (var i = 1; i < entries.Count; i++)
                {
                    if (entries[i - 1].Key.Bytes.Span.SequenceEqual(entries[i].Key.Bytes.Span))
                    {
                        Fail(BencodeError.DuplicateKey, Position - 1);
                        return null;
                    }
                }
            }

            return new BencodeDictionary(entries);
        }
    }
}
