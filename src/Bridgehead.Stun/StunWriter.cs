using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Bridgehead.Stun;

/// <summary>
/// Writes a STUN message into a caller's buffer, keeping the header's length field current after
/// every attribute. An attribute that does not fit sets <see cref="Overflowed"/> and every later
/// call does nothing, so a caller writes the whole message and checks once.
/// </summary>
public ref struct StunWriter
{
    private readonly Span<byte> _buffer;
    private readonly byte _padding;
    private int _length;
    private bool _overflowed;

    /// <param name="buffer">Destination; at least 20 bytes or the writer starts overflowed.</param>
    /// <param name="messageClass">Request, indication or response.</param>
    /// <param name="method">Binding for ICE.</param>
    /// <param name="transactionId">12 bytes: random for a request, the request's for a response.</param>
    /// <param name="paddingByte">
    /// Value of padding octets. RFC 8489 §14 says any value; zero unless re-creating a peer's
    /// bytes exactly (RFC 5769 pads with spaces).
    /// </param>
    public StunWriter(Span<byte> buffer, StunClass messageClass, StunMethod method, ReadOnlySpan<byte> transactionId, byte paddingByte = 0)
    {
        _buffer = buffer;
        _padding = paddingByte;
        _length = 0;
        _overflowed = buffer.Length < StunMessage.HeaderLength || transactionId.Length != StunMessage.TransactionIdLength;
        if (_overflowed)
        {
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunMessageType.Encode(messageClass, method));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.Slice(2), 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(4), StunMessage.MagicCookie);
        transactionId.CopyTo(buffer.Slice(8));
        _length = StunMessage.HeaderLength;
    }

    /// <summary>Bytes written so far (the header and whole attributes).</summary>
    public readonly int Length => _length;

    /// <summary>An attribute did not fit (or the buffer could not hold the header); the message is incomplete.</summary>
    public readonly bool Overflowed => _overflowed;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer.Slice(0, _length);

    public void AddAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        var slot = Reserve(type, value.Length);
        value.CopyTo(slot);
    }

    /// <summary>An attribute holding UTF-8 text (USERNAME, SOFTWARE, REALM, NONCE), encoded in place.</summary>
    public void AddText(ushort type, ReadOnlySpan<char> text)
    {
        var slot = Reserve(type, Encoding.UTF8.GetByteCount(text));
        if (!slot.IsEmpty)
        {
            Encoding.UTF8.GetBytes(text, slot);
        }
    }

    public void AddUsername(ReadOnlySpan<char> username) => AddText(StunAttributeType.Username, username);

    public void AddSoftware(ReadOnlySpan<char> software) => AddText(StunAttributeType.Software, software);

    public void AddPriority(uint priority)
    {
        var slot = Reserve(StunAttributeType.Priority, 4);
        if (!slot.IsEmpty)
        {
            BinaryPrimitives.WriteUInt32BigEndian(slot, priority);
        }
    }

    public void AddUseCandidate() => Reserve(StunAttributeType.UseCandidate, 0);

    public void AddIceControlled(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlled, tieBreaker);

    public void AddIceControlling(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlling, tieBreaker);

    public void AddXorMappedAddress(IPEndPoint endPoint) => AddAddress(StunAttributeType.XorMappedAddress, endPoint, xor: true);

    public void AddMappedAddress(IPEndPoint endPoint) => AddAddress(StunAttributeType.MappedAddress, endPoint, xor: false);

    /// <summary>ERROR-CODE (RFC 8489 §14.8) for a code in 300..699 with its reason phrase.</summary>
    public void AddErrorCode(int code, ReadOnlySpan<char> reasonPhrase)
    {
        if (code is < 300 or > 699)
        {
            _overflowed = true;
            return;
        }

        var slot = Reserve(StunAttributeType.ErrorCode, 4 + Encoding.UTF8.GetByteCount(reasonPhrase));
        if (slot.IsEmpty)
        {
            return;
        }

        slot[0] = 0;
        slot[1] = 0;
        slot[2] = (byte)(code / 100);
        slot[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reasonPhrase, slot.Slice(4));
    }

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.9) listing the types a request carried that we do not understand.</summary>
    public void AddUnknownAttributes(ReadOnlySpan<ushort> types)
    {
        var slot = Reserve(StunAttributeType.UnknownAttributes, types.Length * 2);
        for (var i = 0; i < types.Length && !slot.IsEmpty; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(slot.Slice(i * 2), types[i]);
        }
    }

    /// <summary>MESSAGE-INTEGRITY (HMAC-SHA1) over everything written so far (RFC 8489 §14.5).</summary>
    public void AddMessageIntegrity(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var offset = _length;
        var slot = Reserve(StunAttributeType.MessageIntegrity, StunIntegrityKey.Sha1Length);
        if (!slot.IsEmpty)
        {
            key.ComputeSha1(_buffer, offset, slot);
        }
    }

    /// <summary>MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6), untruncated.</summary>
    public void AddMessageIntegritySha256(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var offset = _length;
        var slot = Reserve(StunAttributeType.MessageIntegritySha256, StunIntegrityKey.Sha256Length);
        if (!slot.IsEmpty)
        {
            key.ComputeSha256(_buffer, offset, StunIntegrityKey.Sha256Length, slot);
        }
    }

    /// <summary>FINGERPRINT (RFC 8489 §14.7); must be the last attribute.</summary>
    public void AddFingerprint()
    {
        var offset = _length;
        var slot = Reserve(StunAttributeType.Fingerprint, 4);
        if (!slot.IsEmpty)
        {
            BinaryPrimitives.WriteUInt32BigEndian(slot, StunFingerprint.Compute(_buffer.Slice(0, offset)));
        }
    }

    private void AddUInt64(ushort type, ulong value)
    {
        var slot = Reserve(type, 8);
        if (!slot.IsEmpty)
        {
            BinaryPrimitives.WriteUInt64BigEndian(slot, value);
        }
    }

    private void AddAddress(ushort type, IPEndPoint endPoint, bool xor)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var slot = Reserve(type, StunAddress.GetValueLength(endPoint.Address));
        if (!slot.IsEmpty)
        {
            StunAddress.Write(slot, endPoint, xor, _buffer.Slice(8, StunMessage.TransactionIdLength));
        }
    }

    // Writes the attribute header and padding, updates the length field, and returns the value's
    // slot; empty (and overflowed) when it does not fit. A zero-length value also returns empty,
    // which is harmless: there is nothing to write into it.
    private Span<byte> Reserve(ushort type, int valueLength)
    {
        var padded = (valueLength + 3) & ~3;
        if (_overflowed || valueLength > ushort.MaxValue || _buffer.Length - _length < 4 + padded
            || _length + 4 + padded - StunMessage.HeaderLength > ushort.MaxValue)
        {
            _overflowed = true;
            return default;
        }

        var attribute = _buffer.Slice(_length, 4 + padded);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute.Slice(2), (ushort)valueLength);
        attribute.Slice(4 + valueLength).Fill(_padding);
        _length += 4 + padded;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(2), (ushort)(_length - StunMessage.HeaderLength));
        return attribute.Slice(4, valueLength);
    }
}
