using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Bridgehead.Sip;

/// <summary>
/// A growable byte buffer for composing SIP text (responses, generated requests, header values).
/// The buffer comes from <see cref="ArrayPool{T}"/> and goes back on <see cref="Dispose"/>;
/// <see cref="ToArray"/> copies out exactly the bytes written.
/// </summary>
public sealed class SipMessageWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public SipMessageWriter(int initialCapacity = 1024) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public SipMessageWriter Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
        return this;
    }

    /// <summary>Writes text as UTF-8 (SIP's charset).</summary>
    public SipMessageWriter Write(string text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
        return this;
    }

    public SipMessageWriter Write(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
        return this;
    }

    public SipMessageWriter WriteDecimal(long value)
    {
        Ensure(20);
        _length += SipText.WriteDecimal(_buffer.AsSpan(_length), value);
        return this;
    }

    public SipMessageWriter WriteCrlf() => Write("\r\n"u8);

    /// <summary>Writes "Name: value\r\n".</summary>
    public SipMessageWriter WriteHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        Write(name).Write(": "u8).Write(value).WriteCrlf();

    public SipMessageWriter WriteHeader(HeaderId id, ReadOnlySpan<byte> value) => WriteHeader(KnownHeaders.Name(id), value);

    public SipMessageWriter WriteHeader(HeaderId id, string value) => Write(KnownHeaders.Name(id)).Write(": "u8).Write(value).WriteCrlf();

    public SipMessageWriter WriteHeader(HeaderId id, long value) => Write(KnownHeaders.Name(id)).Write(": "u8).WriteDecimal(value).WriteCrlf();

    /// <summary>A date header in RFC 1123 form (RFC 3261 §20.17), formatted without a string.</summary>
    public SipMessageWriter WriteHeader(HeaderId id, DateTimeOffset date)
    {
        Span<byte> text = stackalloc byte[32];
        return Utf8Formatter.TryFormat(date.UtcDateTime, text, out var written, new StandardFormat('R'))
            ? WriteHeader(id, text[..written])
            : throw new InvalidOperationException("A date did not fit 32 octets.");
    }

    /// <summary>Writes "Content-Length", the empty line and the body.</summary>
    public SipMessageWriter WriteBody(ReadOnlySpan<byte> body)
    {
        WriteHeader(HeaderId.ContentLength, body.Length);
        WriteCrlf();
        return Write(body);
    }

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Clear() => _length = 0;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
