using System.Buffers.Binary;

namespace Bridgehead.Stun;

/// <summary>
/// A parsed STUN message: a view over the datagram, validated once (header, length, every
/// attribute's bounds, the position rules of the integrity attributes) so that the getters never
/// fail on structure. Nothing is copied; materialise strings or addresses only when asked.
/// </summary>
public readonly ref partial struct StunMessage
{
    public const int HeaderLength = 20;
    public const int TransactionIdLength = 12;
    public const uint MagicCookie = 0x2112A442;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _integrityOffset;
    private readonly int _integritySha256Offset;
    private readonly int _fingerprintOffset;

    // Attributes at or after this offset are not considered: RFC 8489 §14.5 says everything after
    // MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT is ignored.
    private readonly int _consideredEnd;

    private StunMessage(ReadOnlySpan<byte> data, int integrity, int integritySha256, int fingerprint, int consideredEnd)
    {
        _data = data;
        _integrityOffset = integrity;
        _integritySha256Offset = integritySha256;
        _fingerprintOffset = fingerprint;
        _consideredEnd = consideredEnd;
    }

    /// <summary>The whole message as received.</summary>
    public ReadOnlySpan<byte> Data => _data;

    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(_data);

    public StunClass Class => StunMessageType.GetClass(MessageType);

    public StunMethod Method => StunMessageType.GetMethod(MessageType);

    public ReadOnlySpan<byte> TransactionId => _data.Slice(8, TransactionIdLength);

    public bool HasMessageIntegrity => _integrityOffset >= 0;

    public bool HasMessageIntegritySha256 => _integritySha256Offset >= 0;

    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>Every attribute in wire order, including those RFC 8489 says to ignore after MESSAGE-INTEGRITY.</summary>
    public StunAttributeEnumerator Attributes => new(_data.Slice(HeaderLength));

    /// <summary>
    /// The cheap test of RFC 8489 §7.3 (top bits, magic cookie, length) without walking the attributes.
    /// </summary>
    public static bool IsStunMessage(ReadOnlySpan<byte> data) =>
        data.Length >= HeaderLength
        && (data[0] & 0xC0) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4)) == MagicCookie
        && BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2)) == data.Length - HeaderLength
        && (data.Length & 3) == 0;

    /// <summary>Validates a whole datagram as one STUN message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out StunMessage message, out StunParseError error)
    {
        message = default;
        error = Validate(data, out var integrity, out var integritySha256, out var fingerprint, out var consideredEnd);
        if (error != StunParseError.None)
        {
            return false;
        }

        message = new StunMessage(data, integrity, integritySha256, fingerprint, consideredEnd);
        return true;
    }

    private static StunParseError Validate(
        ReadOnlySpan<byte> data, out int integrity, out int integritySha256, out int fingerprint, out int consideredEnd)
    {
        integrity = integritySha256 = fingerprint = -1;
        consideredEnd = data.Length;
        if (data.Length < HeaderLength)
        {
            return StunParseError.TooShort;
        }

        if ((data[0] & 0xC0) != 0 || BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4)) != MagicCookie)
        {
            return StunParseError.NotStun;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2));
        if ((length & 3) != 0)
        {
            return StunParseError.LengthNotMultipleOfFour;
        }

        if (length != data.Length - HeaderLength)
        {
            return StunParseError.LengthMismatch;
        }

        var offset = HeaderLength;
        while (offset < data.Length)
        {
            if (fingerprint >= 0)
            {
                return StunParseError.FingerprintNotLast;
            }

            if (data.Length - offset < 4)
            {
                return StunParseError.AttributeOverrun;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(offset));
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(offset + 2));
            var padded = (valueLength + 3) & ~3;
            if (padded > data.Length - offset - 4)
            {
                return StunParseError.AttributeOverrun;
            }

            switch (type)
            {
                case StunAttributeType.MessageIntegrity when integrity < 0 && integritySha256 < 0:
                    if (valueLength != StunIntegrityKey.Sha1Length)
                    {
                        return StunParseError.BadIntegrityAttributeLength;
                    }

                    integrity = offset;
                    consideredEnd = Math.Min(consideredEnd, offset);
                    break;
                case StunAttributeType.MessageIntegritySha256 when integritySha256 < 0:
                    // RFC 8489 §14.6: 16 to 32 bytes, a multiple of four.
                    if (valueLength is < 16 or > 32 || (valueLength & 3) != 0)
                    {
                        return StunParseError.BadIntegrityAttributeLength;
                    }

                    integritySha256 = offset;
                    consideredEnd = Math.Min(consideredEnd, offset);
                    break;
                case StunAttributeType.Fingerprint:
                    if (valueLength != 4)
                    {
                        return StunParseError.BadIntegrityAttributeLength;
                    }

                    fingerprint = offset;
                    consideredEnd = Math.Min(consideredEnd, offset);
                    break;
            }

            offset += 4 + padded;
        }

        return StunParseError.None;
    }

    /// <summary>
    /// The value of the first attribute of <paramref name="type"/> among those that count (before
    /// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT). Later duplicates are ignored
    /// (RFC 8489 §14: "only the first occurrence needs to be processed").
    /// </summary>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        var attributes = new StunAttributeEnumerator(_data.Slice(HeaderLength, _consideredEnd - HeaderLength));
        foreach (var attribute in attributes)
        {
            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The attributes that count (before the integrity attributes), for unknown-attribute checks.</summary>
    public StunAttributeEnumerator ConsideredAttributes =>
        new(_data.Slice(HeaderLength, _consideredEnd - HeaderLength));
}
