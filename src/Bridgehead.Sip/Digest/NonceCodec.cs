using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Bridgehead.Sip.Digest;

/// <summary>
/// Stateless, self-authenticating nonces: base64url(issued-at ‖ random ‖ HMAC-SHA256(key, issued-at ‖ random)[..16]).
/// The server checks the MAC and the age without keeping a table of issued nonces; replay of a
/// nonce-count is tracked separately by the caller (RFC 7616 §3.3, §5.4).
/// </summary>
public sealed class NonceCodec
{
    private const int PayloadLength = 8 + 8;
    private const int MacLength = 16;
    private const int RawLength = PayloadLength + MacLength;

    /// <summary>Length of an encoded nonce (base64url of 32 bytes, unpadded).</summary>
    public const int EncodedLength = 43;

    private readonly byte[] _key;

    public NonceCodec(ReadOnlySpan<byte> key) => _key = key.ToArray();

    /// <summary>Writes a fresh nonce issued at <paramref name="now"/>; returns its length.</summary>
    public int Create(DateTimeOffset now, ReadOnlySpan<byte> random8, Span<byte> destination)
    {
        Span<byte> raw = stackalloc byte[RawLength];
        BinaryPrimitives.WriteInt64BigEndian(raw, now.ToUnixTimeMilliseconds());
        random8[..8].CopyTo(raw[8..]);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, raw[..PayloadLength], mac);
        mac[..MacLength].CopyTo(raw[PayloadLength..]);
        Base64Url.EncodeToUtf8(raw, destination, out _, out var written);
        return written;
    }

    /// <summary>
    /// Checks a nonce this codec issued. Returns its issue time when the MAC matches; the caller
    /// decides whether it is too old (stale=true, RFC 7616 §3.3) or replayed.
    /// </summary>
    public bool TryVerify(ReadOnlySpan<byte> nonce, out DateTimeOffset issuedAt)
    {
        issuedAt = default;
        if (nonce.Length != EncodedLength)
        {
            return false;
        }

        Span<byte> raw = stackalloc byte[RawLength + 2];
        if (Base64Url.DecodeFromUtf8(nonce, raw, out _, out var written) != System.Buffers.OperationStatus.Done || written != RawLength)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, raw[..PayloadLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], raw.Slice(PayloadLength, MacLength)))
        {
            return false;
        }

        issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(raw));
        return true;
    }
}
