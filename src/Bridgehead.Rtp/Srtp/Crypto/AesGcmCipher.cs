using System.Security.Cryptography;

namespace Bridgehead.Rtp.Srtp.Crypto;

/// <summary>
/// AES-GCM with a 12-byte nonce and 16-byte tag (RFC 7714 §5.2, SP 800-38D), in place. With AES-NI
/// and PCLMULQDQ it runs on <see cref="AesCounterMode"/> and <see cref="Ghash"/>; otherwise on a
/// reused System.Security.Cryptography.AesGcm.
/// </summary>
internal sealed class AesGcmCipher : IDisposable
{
    public const int NonceLength = 12;
    public const int TagLength = 16;

    private readonly AesCounterMode? _ctr;
    private readonly GhashKey? _hashKey;
    private readonly AesGcm? _platform;

    public AesGcmCipher(ReadOnlySpan<byte> key, bool useIntrinsics)
    {
        if (useIntrinsics && AesCounterMode.IntrinsicsSupported && Ghash.IsSupported)
        {
            _ctr = new AesCounterMode(key, useIntrinsics: true);
            Span<byte> h = stackalloc byte[16];
            h.Clear();
            _ctr.EncryptBlock(h, h);
            _hashKey = new GhashKey(h);
            return;
        }

        _platform = new AesGcm(key, TagLength);
    }

    public bool UsesIntrinsics => _ctr is not null;

    public void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> aad, Span<byte> tag)
    {
        if (_platform is not null)
        {
            _platform.Encrypt(nonce, data, data, tag.Slice(0, TagLength), aad);
            return;
        }

        Span<byte> counter = stackalloc byte[16];
        nonce.CopyTo(counter);
        counter[15] = 2;
        _ctr!.Xor(counter, data);
        ComputeTag(nonce, data, aad, tag);
    }

    /// <summary>Checks the tag first and decrypts only if it matches; false leaves <paramref name="data"/> untouched.</summary>
    public bool Decrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> tag)
    {
        if (_platform is not null)
        {
            try
            {
                _platform.Decrypt(nonce, data, tag, data, aad);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                // The platform reports a forgery by exception; callers get a value.
                return false;
            }
        }

        Span<byte> expected = stackalloc byte[TagLength];
        ComputeTag(nonce, data, aad, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag.Slice(0, TagLength)))
        {
            return false;
        }

        Span<byte> counter = stackalloc byte[16];
        nonce.CopyTo(counter);
        counter[15] = 2;
        _ctr!.Xor(counter, data);
        return true;
    }

    public void Dispose()
    {
        _ctr?.Dispose();
        _platform?.Dispose();
    }

    // Tag = GHASH(H, A, C) XOR E(K, J0), with J0 = nonce || 0x00000001.
    private void ComputeTag(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> aad, Span<byte> tag)
    {
        var ghash = new Ghash(_hashKey!);
        ghash.Update(aad);
        ghash.Update(ciphertext);
        Span<byte> hash = stackalloc byte[16];
        ghash.Finish(aad.Length, ciphertext.Length, hash);

        Span<byte> j0 = stackalloc byte[16];
        nonce.CopyTo(j0);
        j0[12] = 0;
        j0[13] = 0;
        j0[14] = 0;
        j0[15] = 1;
        Span<byte> mask = stackalloc byte[16];
        _ctr!.EncryptBlock(j0, mask);
        for (var i = 0; i < TagLength; i++)
        {
            tag[i] = (byte)(hash[i] ^ mask[i]);
        }
    }
}
