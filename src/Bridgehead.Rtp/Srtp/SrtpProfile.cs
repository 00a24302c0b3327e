namespace Bridgehead.Rtp.Srtp;

/// <summary>SRTP crypto suites (RFC 4568 §6.2, RFC 6188 §3, RFC 7714 §14; DTLS-SRTP ids RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
// The suffix is the tag length, as in the registered names AES_CM_128_HMAC_SHA1_80 and _32.
#pragma warning disable CA1707
public enum SrtpProfile
{
    AesCm128HmacSha1_80 = 0,
    AesCm128HmacSha1_32,
    AesCm192HmacSha1_80,
    AesCm192HmacSha1_32,
    AesCm256HmacSha1_80,
    AesCm256HmacSha1_32,
    AeadAes128Gcm,
    AeadAes256Gcm,
}
#pragma warning restore CA1707

/// <summary>The parameters of a profile.</summary>
/// <param name="Profile">The profile.</param>
/// <param name="Name">Its SDES crypto-suite name.</param>
/// <param name="MasterKeyLength">Master (and session) cipher key length in bytes.</param>
/// <param name="MasterSaltLength">Master and session salt length: 14 for AES-CM, 12 for GCM.</param>
/// <param name="AuthKeyLength">Session HMAC-SHA1 key length (0 for AEAD).</param>
/// <param name="RtpTagLength">Authentication tag of SRTP.</param>
/// <param name="RtcpTagLength">Authentication tag of SRTCP: 80 bits even for the _32 suites (RFC 4568 §6.2.1).</param>
/// <param name="DtlsProtectionProfile">The use_srtp protection profile id, 0 when DTLS-SRTP defines none.</param>
public readonly record struct SrtpProfileInfo(
    SrtpProfile Profile,
    string Name,
    int MasterKeyLength,
    int MasterSaltLength,
    int AuthKeyLength,
    int RtpTagLength,
    int RtcpTagLength,
    ushort DtlsProtectionProfile)
{
    public bool IsAead => AuthKeyLength == 0;
}

/// <summary>Looks profiles up by value, SDES name or DTLS-SRTP protection profile id.</summary>
public static class SrtpProfiles
{
    private static readonly SrtpProfileInfo[] All =
    [
        new(SrtpProfile.AesCm128HmacSha1_80, "AES_CM_128_HMAC_SHA1_80", 16, 14, 20, 10, 10, 0x0001),
        new(SrtpProfile.AesCm128HmacSha1_32, "AES_CM_128_HMAC_SHA1_32", 16, 14, 20, 4, 10, 0x0002),
        new(SrtpProfile.AesCm192HmacSha1_80, "AES_192_CM_HMAC_SHA1_80", 24, 14, 20, 10, 10, 0),
        new(SrtpProfile.AesCm192HmacSha1_32, "AES_192_CM_HMAC_SHA1_32", 24, 14, 20, 4, 10, 0),
        new(SrtpProfile.AesCm256HmacSha1_80, "AES_256_CM_HMAC_SHA1_80", 32, 14, 20, 10, 10, 0),
        new(SrtpProfile.AesCm256HmacSha1_32, "AES_256_CM_HMAC_SHA1_32", 32, 14, 20, 4, 10, 0),
        new(SrtpProfile.AeadAes128Gcm, "AEAD_AES_128_GCM", 16, 12, 0, 16, 16, 0x0007),
        new(SrtpProfile.AeadAes256Gcm, "AEAD_AES_256_GCM", 32, 12, 0, 16, 16, 0x0008),
    ];

    public static SrtpProfileInfo Get(SrtpProfile profile)
    {
        var index = (int)profile;
        if ((uint)index >= (uint)All.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP profile.");
        }

        return All[index];
    }

    /// <summary>By SDES crypto-suite name (case-sensitive, as RFC 4568 registers them).</summary>
    public static bool TryGetBySdesName(ReadOnlySpan<char> name, out SrtpProfileInfo info)
    {
        foreach (var candidate in All)
        {
            if (name.SequenceEqual(candidate.Name))
            {
                info = candidate;
                return true;
            }
        }

        info = default;
        return false;
    }

    /// <summary>By the protection profile DTLS negotiated in use_srtp.</summary>
    public static bool TryGetByDtlsProtectionProfile(ushort id, out SrtpProfileInfo info)
    {
        foreach (var candidate in All)
        {
            if (id != 0 && candidate.DtlsProtectionProfile == id)
            {
                info = candidate;
                return true;
            }
        }

        info = default;
        return false;
    }
}
