using System.Security.Cryptography;

namespace Bridgehead.Rtp.Srtp;

/// <summary>
/// The six session keys of one master key (RFC 3711 §4.3): cipher key, salt and (for AES-CM)
/// HMAC key, for SRTP and for SRTCP. Normally derived by <see cref="SrtpKeyDerivation"/>; given
/// directly for test vectors that start from session keys.
/// </summary>
public sealed class SrtpSessionKeys
{
    private readonly byte[] _rtpCipherKey;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtpAuthKey;
    private readonly byte[] _rtcpCipherKey;
    private readonly byte[] _rtcpSalt;
    private readonly byte[] _rtcpAuthKey;

    public SrtpSessionKeys(
        ReadOnlySpan<byte> rtpCipherKey,
        ReadOnlySpan<byte> rtpSalt,
        ReadOnlySpan<byte> rtpAuthKey,
        ReadOnlySpan<byte> rtcpCipherKey,
        ReadOnlySpan<byte> rtcpSalt,
        ReadOnlySpan<byte> rtcpAuthKey)
    {
        _rtpCipherKey = rtpCipherKey.ToArray();
        _rtpSalt = rtpSalt.ToArray();
        _rtpAuthKey = rtpAuthKey.ToArray();
        _rtcpCipherKey = rtcpCipherKey.ToArray();
        _rtcpSalt = rtcpSalt.ToArray();
        _rtcpAuthKey = rtcpAuthKey.ToArray();
    }

    public ReadOnlySpan<byte> RtpCipherKey => _rtpCipherKey;

    public ReadOnlySpan<byte> RtpSalt => _rtpSalt;

    public ReadOnlySpan<byte> RtpAuthKey => _rtpAuthKey;

    public ReadOnlySpan<byte> RtcpCipherKey => _rtcpCipherKey;

    public ReadOnlySpan<byte> RtcpSalt => _rtcpSalt;

    public ReadOnlySpan<byte> RtcpAuthKey => _rtcpAuthKey;

    /// <summary>Overwrites the key bytes once a context has taken its copies.</summary>
    public void Clear()
    {
        CryptographicOperations.ZeroMemory(_rtpCipherKey);
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtpAuthKey);
        CryptographicOperations.ZeroMemory(_rtcpCipherKey);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
        CryptographicOperations.ZeroMemory(_rtcpAuthKey);
    }
}
