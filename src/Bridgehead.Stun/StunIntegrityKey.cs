using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Bridgehead.Stun;

/// <summary>
/// A MESSAGE-INTEGRITY key (RFC 8489 §9.1.1 short-term, §9.2.2 long-term) with its HMAC instances
/// kept for reuse, so that verifying and signing allocate nothing per message. Not thread-safe:
/// one instance per packet loop.
/// </summary>
public sealed class StunIntegrityKey : IDisposable
{
    public const int Sha1Length = 20;
    public const int Sha256Length = 32;

    // Checks are around 100 bytes; a message up to here is copied to the stack to adjust its length.
    private const int StackCopyLimit = 576;

    private readonly byte[] _key;
    private readonly IncrementalHash _sha1;
    private IncrementalHash? _sha256;

    public StunIntegrityKey(ReadOnlySpan<byte> key)
    {
        _key = key.ToArray();
        _sha1 = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _key);
    }

    /// <summary>
    /// Short-term credentials: the key is the password's UTF-8 bytes. ICE passwords are ice-chars
    /// (RFC 8839 §5.4), which OpaqueString leaves unchanged, so no preparation is applied.
    /// </summary>
    public static StunIntegrityKey ForShortTermPassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return new StunIntegrityKey(Encoding.UTF8.GetBytes(password));
    }

    /// <summary>
    /// Long-term credentials: MD5(username ":" realm ":" password) (RFC 8489 §9.2.2 with
    /// PASSWORD-ALGORITHM MD5, RFC 5389 §15.4). The password must already be prepared by the caller
    /// (SASLprep for RFC 5389 peers, OpaqueString for RFC 8489 peers): preparation needs Unicode
    /// normalisation tables this library does not carry, and it is the identity for ASCII passwords.
    /// </summary>
    public static byte[] ComputeLongTermKey(string username, string realm, string preparedPassword)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(preparedPassword);
#pragma warning disable CA5351 // MD5 is what the long-term credential mechanism specifies; it is a key derivation here, not a signature.
        return MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{realm}:{preparedPassword}"));
#pragma warning restore CA5351
    }

    /// <summary>
    /// HMAC-SHA1 over <paramref name="message"/> up to <paramref name="attributeOffset"/> with the
    /// header's length field set as if the message ended with this 24-byte attribute (RFC 8489 §14.5).
    /// </summary>
    internal void ComputeSha1(ReadOnlySpan<byte> message, int attributeOffset, Span<byte> mac) =>
        Compute(_sha1, message, attributeOffset, 4 + Sha1Length, mac);

    /// <summary>HMAC-SHA256 for MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6), full 32 bytes.</summary>
    internal void ComputeSha256(ReadOnlySpan<byte> message, int attributeOffset, int valueLength, Span<byte> mac)
    {
        _sha256 ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        Compute(_sha256, message, attributeOffset, 4 + valueLength, mac);
    }

    // Each native HMAC call costs more than hashing a whole check, so the input goes in as one
    // span: as written (the writer has already set the length field), or copied with the length
    // adjusted when attributes follow (FINGERPRINT after MESSAGE-INTEGRITY, as ICE sends it).
    private static void Compute(IncrementalHash hmac, ReadOnlySpan<byte> message, int attributeOffset, int attributeLength, Span<byte> mac)
    {
        var length = (ushort)(attributeOffset + attributeLength - StunMessage.HeaderLength);
        if (BinaryPrimitives.ReadUInt16BigEndian(message.Slice(2)) == length)
        {
            hmac.AppendData(message.Slice(0, attributeOffset));
        }
        else if (attributeOffset <= StackCopyLimit)
        {
            Span<byte> copy = stackalloc byte[StackCopyLimit];
            message.Slice(0, attributeOffset).CopyTo(copy);
            BinaryPrimitives.WriteUInt16BigEndian(copy.Slice(2), length);
            hmac.AppendData(copy.Slice(0, attributeOffset));
        }
        else
        {
            Span<byte> header = stackalloc byte[StunMessage.HeaderLength];
            message.Slice(0, StunMessage.HeaderLength).CopyTo(header);
            BinaryPrimitives.WriteUInt16BigEndian(header.Slice(2), length);
            hmac.AppendData(header);
            hmac.AppendData(message.Slice(StunMessage.HeaderLength, attributeOffset - StunMessage.HeaderLength));
        }

        hmac.TryGetHashAndReset(mac, out _);
    }

    public void Dispose()
    {
        _sha1.Dispose();
        _sha256?.Dispose();
    }
}
