namespace Bridgehead.Dtls;

/// <summary>
/// The SRTP protection profiles the use_srtp extension can negotiate that Bridgehead implements.
/// Values are the two-byte identifiers of the IANA "DTLS-SRTP Protection Profiles" registry
/// (RFC 5764 §4.1.2, RFC 7714 §14.2), so they go on the wire unchanged.
/// </summary>
public enum SrtpProtectionProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (0x0001): AES-128 counter mode, 80-bit HMAC-SHA1 tag.</summary>
    Aes128CmHmacSha1Tag80 = 0x0001,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_32 (0x0002): AES-128 counter mode, 32-bit HMAC-SHA1 tag on SRTP.</summary>
    Aes128CmHmacSha1Tag32 = 0x0002,

    /// <summary>SRTP_AEAD_AES_128_GCM (0x0007): AES-128 GCM, 16-byte tag (RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,
}

/// <summary>Key sizes of each profile, which fix how much keying material DTLS exports.</summary>
public static class SrtpProtectionProfiles
{
    /// <summary>
    /// The profiles in Bridgehead's default preference: 0x0001 first because every WebRTC
    /// endpoint must implement it (RFC 8827 §6.5) and Chromium lists it first; then GCM; the
    /// 32-bit tag last since it weakens SRTP authentication.
    /// </summary>
    public static IReadOnlyList<SrtpProtectionProfile> DefaultPreference { get; } =
        [SrtpProtectionProfile.Aes128CmHmacSha1Tag80, SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.Aes128CmHmacSha1Tag32];

    /// <summary>Whether <paramref name="value"/> is a profile Bridgehead implements.</summary>
    public static bool IsSupported(int value) =>
        value is (int)SrtpProtectionProfile.Aes128CmHmacSha1Tag80
            or (int)SrtpProtectionProfile.Aes128CmHmacSha1Tag32
            or (int)SrtpProtectionProfile.AeadAes128Gcm;

    /// <summary>SRTP master key length in bytes (RFC 5764 §4.1.2, RFC 7714 §12).</summary>
    public static int MasterKeyLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1Tag80 or SrtpProtectionProfile.Aes128CmHmacSha1Tag32
            or SrtpProtectionProfile.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "not an implemented SRTP profile"),
    };

    /// <summary>SRTP master salt length in bytes: 112 bits for AES-CM, 96 bits for GCM (RFC 7714 §12).</summary>
    public static int MasterSaltLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1Tag80 or SrtpProtectionProfile.Aes128CmHmacSha1Tag32 => 14,
        SrtpProtectionProfile.AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "not an implemented SRTP profile"),
    };

    /// <summary>
    /// Length of the "EXTRACTOR-dtls_srtp" export: both directions' key and salt, 2 × (key + salt)
    /// (RFC 5764 §4.2): 60 bytes for the AES-CM profiles, 56 for AEAD_AES_128_GCM.
    /// </summary>
    public static int KeyingMaterialLength(this SrtpProtectionProfile profile) =>
        2 * (profile.MasterKeyLength() + profile.MasterSaltLength());

    /// <summary>The IANA registry name, as OpenSSL and SDP-level logs spell it.</summary>
    public static string RegistryName(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1Tag80 => "SRTP_AES128_CM_HMAC_SHA1_80",
        SrtpProtectionProfile.Aes128CmHmacSha1Tag32 => "SRTP_AES128_CM_HMAC_SHA1_32",
        SrtpProtectionProfile.AeadAes128Gcm => "SRTP_AEAD_AES_128_GCM",
        _ => $"0x{(int)profile:X4}",
    };
}
