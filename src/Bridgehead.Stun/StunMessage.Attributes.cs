using System.Buffers.Binary;
using System.Net;

namespace Bridgehead.Stun;

// Typed getters for the attributes ICE and Binding use. Each returns false when the attribute is
// absent or its value has the wrong shape; nothing here throws on input.
public readonly ref partial struct StunMessage
{
    /// <summary>USERNAME as UTF-8 bytes (RFC 8489 §14.3); ICE puts "receiver-ufrag:sender-ufrag" here.</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> utf8) => TryGetAttribute(StunAttributeType.Username, out utf8);

    /// <summary>SOFTWARE as UTF-8 bytes (RFC 8489 §14.14).</summary>
    public bool TryGetSoftware(out ReadOnlySpan<byte> utf8) => TryGetAttribute(StunAttributeType.Software, out utf8);

    public bool TryGetRealm(out ReadOnlySpan<byte> utf8) => TryGetAttribute(StunAttributeType.Realm, out utf8);

    public bool TryGetNonce(out ReadOnlySpan<byte> utf8) => TryGetAttribute(StunAttributeType.Nonce, out utf8);

    /// <summary>PRIORITY (RFC 8445 §7.1.1): the priority the sender would give a peer-reflexive candidate.</summary>
    public bool TryGetPriority(out uint priority)
    {
        priority = 0;
        if (!TryGetAttribute(StunAttributeType.Priority, out var value) || value.Length != 4)
        {
            return false;
        }

        priority = BinaryPrimitives.ReadUInt32BigEndian(value);
        return true;
    }

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2): the controlling agent nominates this pair.</summary>
    public bool HasUseCandidate => TryGetAttribute(StunAttributeType.UseCandidate, out _);

    /// <summary>ICE-CONTROLLED tie-breaker (RFC 8445 §7.1.3).</summary>
    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    /// <summary>ICE-CONTROLLING tie-breaker (RFC 8445 §7.1.3).</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2), IPv4 or IPv6.</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(StunAttributeType.XorMappedAddress, out var value)
            && StunAddress.TryRead(value, xor: true, TransactionId, out endPoint);
    }

    /// <summary>MAPPED-ADDRESS (RFC 8489 §14.1), kept for RFC 3489 clients.</summary>
    public bool TryGetMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(StunAttributeType.MappedAddress, out var value)
            && StunAddress.TryRead(value, xor: false, TransactionId, out endPoint);
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8): class * 100 + number, and the UTF-8 reason phrase.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reasonUtf8)
    {
        code = 0;
        reasonUtf8 = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out var value) || value.Length < 4)
        {
            return false;
        }

        int errorClass = value[2] & 0x07;
        int number = value[3];
        if (errorClass is < 3 or > 6 || number > 99)
        {
            return false;
        }

        code = (errorClass * 100) + number;
        reasonUtf8 = value.Slice(4);
        return true;
    }

    /// <summary>
    /// UNKNOWN-ATTRIBUTES (RFC 8489 §14.9): copies up to <paramref name="destination"/>'s length of
    /// the listed types and returns how many the attribute holds (-1 when it is absent or malformed).
    /// </summary>
    public int GetUnknownAttributes(Span<ushort> destination)
    {
        if (!TryGetAttribute(StunAttributeType.UnknownAttributes, out var value) || (value.Length & 1) != 0)
        {
            return -1;
        }

        var count = value.Length / 2;
        for (var i = 0; i < count && i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(i * 2));
        }

        return count;
    }

    private bool TryGetUInt64(ushort type, out ulong result)
    {
        result = 0;
        if (!TryGetAttribute(type, out var value) || value.Length != 8)
        {
            return false;
        }

        result = BinaryPrimitives.ReadUInt64BigEndian(value);
        return true;
    }
}
