using Org.BouncyCastle.Tls;

namespace Bridgehead.Dtls.Engine;

/// <summary>
/// DTLS 1.2 cipher suites: AEAD only. RFC 8827 §6.5 makes ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 the
/// WebRTC baseline, every current DTLS-SRTP stack has GCM, and a fixed AEAD record overhead lets the
/// session discard short forged records before BouncyCastle turns them into a fatal decode_error.
/// The suite's signature type must match our certificate's key: with an ECDSA certificate the
/// server must list ECDHE_ECDSA suites (BouncyCastle's default list has none and selection then
/// fails with internal_error(80) against Chromium).
/// </summary>
internal static class CipherSuites
{
    /// <summary>As server we present our ECDSA certificate, so only ECDHE_ECDSA suites.</summary>
    public static readonly int[] Server =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>
    /// As client the server's certificate decides: browsers use ECDSA, but SIP-side DTLS-SRTP
    /// peers often carry RSA certificates, so ECDHE_RSA suites are offered as well.
    /// </summary>
    public static readonly int[] Client =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>
    /// Smallest valid protected record body: GCM carries an 8-byte explicit nonce and a 16-byte
    /// tag (RFC 5288 §3), ChaCha20-Poly1305 only the tag (RFC 7905 §2). 0 when unknown.
    /// </summary>
    public static int MinimumCiphertextLength(int cipherSuite) => cipherSuite switch
    {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 or CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
            or CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 or CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 => 8 + 16,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 or CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 => 16,
        _ => 0,
    };
}
