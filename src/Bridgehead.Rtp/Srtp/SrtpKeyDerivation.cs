using Bridgehead.Rtp.Srtp.Crypto;

namespace Bridgehead.Rtp.Srtp;

/// <summary>
/// The AES-CM PRF key derivation of RFC 3711 §4.3 with key_derivation_rate 0, so each session key
/// is derived once: x = (label || 0^48) XOR master salt, keystream of AES-CM under the master
/// key from IV x * 2^16. A 12-byte GCM master salt is left-aligned and zero-padded to 14 bytes
/// (RFC 7714 §11, and what libsrtp does).
/// </summary>
public static class SrtpKeyDerivation
{
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpAuthenticationLabel = 0x01;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpAuthenticationLabel = 0x04;
    public const byte RtcpSaltLabel = 0x05;

    /// <summary>Writes output.Length bytes of the PRF for <paramref name="label"/>.</summary>
    public static void DeriveKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        using var prf = new AesCounterMode(masterKey, useIntrinsics: true);
        Derive(prf, masterSalt, label, output);
    }

    /// <summary>All six session keys for <paramref name="profile"/>.</summary>
    public static SrtpSessionKeys DeriveSessionKeys(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        var info = SrtpProfiles.Get(profile);
        if (masterKey.Length != info.MasterKeyLength || masterSalt.Length != info.MasterSaltLength)
        {
            throw new ArgumentException(
                $"{info.Name} needs a {info.MasterKeyLength}-byte master key and a {info.MasterSaltLength}-byte master salt.");
        }

        using var prf = new AesCounterMode(masterKey, useIntrinsics: true);
        Span<byte> rtpKey = stackalloc byte[info.MasterKeyLength];
        Span<byte> rtcpKey = stackalloc byte[info.MasterKeyLength];
        Span<byte> rtpSalt = stackalloc byte[info.MasterSaltLength];
        Span<byte> rtcpSalt = stackalloc byte[info.MasterSaltLength];
        Span<byte> rtpAuth = stackalloc byte[info.AuthKeyLength];
        Span<byte> rtcpAuth = stackalloc byte[info.AuthKeyLength];
        Derive(prf, masterSalt, RtpEncryptionLabel, rtpKey);
        Derive(prf, masterSalt, RtpSaltLabel, rtpSalt);
        Derive(prf, masterSalt, RtpAuthenticationLabel, rtpAuth);
        Derive(prf, masterSalt, RtcpEncryptionLabel, rtcpKey);
        Derive(prf, masterSalt, RtcpSaltLabel, rtcpSalt);
        Derive(prf, masterSalt, RtcpAuthenticationLabel, rtcpAuth);
        var keys = new SrtpSessionKeys(rtpKey, rtpSalt, rtpAuth, rtcpKey, rtcpSalt, rtcpAuth);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(rtpKey);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(rtcpKey);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(rtpAuth);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(rtcpAuth);
        return keys;
    }

    private static void Derive(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterSalt.Length > 14)
        {
            throw new ArgumentException("An SRTP master salt is at most 112 bits.", nameof(masterSalt));
        }

        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        // key_id = label || (index DIV kdr) is 56 bits aligned to the end of the 112-bit salt: the
        // label lands on byte 7, and the 48-bit index part is zero.
        iv[7] ^= label;
        output.Clear();
        prf.Xor(iv, output);
    }
}
