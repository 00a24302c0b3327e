using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bridgehead.Stun;

// Verification of MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT; comparisons are
// constant-time so that a forger learns nothing from timing.
public readonly ref partial struct StunMessage
{
    /// <summary>True when MESSAGE-INTEGRITY is present and matches HMAC-SHA1 under <paramref name="key"/>.</summary>
    public bool VerifyMessageIntegrity(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_integrityOffset < 0)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[StunIntegrityKey.Sha1Length];
        key.ComputeSha1(_data, _integrityOffset, mac);
        return CryptographicOperations.FixedTimeEquals(mac, _data.Slice(_integrityOffset + 4, StunIntegrityKey.Sha1Length));
    }

    /// <summary>
    /// True when MESSAGE-INTEGRITY-SHA256 is present and its (possibly truncated, RFC 8489 §14.6)
    /// value matches HMAC-SHA256 under <paramref name="key"/>.
    /// </summary>
    public bool VerifyMessageIntegritySha256(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_integritySha256Offset < 0)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_data.Slice(_integritySha256Offset + 2));
        Span<byte> mac = stackalloc byte[StunIntegrityKey.Sha256Length];
        key.ComputeSha256(_data, _integritySha256Offset, length, mac);
        return CryptographicOperations.FixedTimeEquals(mac.Slice(0, length), _data.Slice(_integritySha256Offset + 4, length));
    }

    /// <summary>True when FINGERPRINT is present and matches.</summary>
    public bool VerifyFingerprint() =>
        _fingerprintOffset >= 0
        && StunFingerprint.Compute(_data.Slice(0, _fingerprintOffset))
            == BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(_fingerprintOffset + 4));
}
