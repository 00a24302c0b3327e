using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Bridgehead.Dtls;

/// <summary>
/// A self-signed ECDSA P-256 certificate with its private key, as DTLS-SRTP presents it. ECDSA
/// P-256 with SHA-256 is what Chromium uses itself and keeps the Certificate message to one small
/// datagram (about 280 bytes DER).
/// </summary>
public sealed class DtlsCertificate
{
    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        _der = der;
        PrivateKey = privateKey;
        NotBefore = notBefore;
        NotAfter = notAfter;
        Fingerprint = DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, der);
    }

    /// <summary>The certificate's DER encoding, what the Certificate message carries.</summary>
    public ReadOnlySpan<byte> DerEncoding => _der;

    /// <summary>The SHA-256 fingerprint for the local SDP's a=fingerprint.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>Start of validity.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of validity.</summary>
    public DateTimeOffset NotAfter { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The fingerprint under another hash function.</summary>
    public DtlsFingerprint GetFingerprint(FingerprintHashFunction hashFunction) => DtlsFingerprint.Compute(hashFunction, _der);

    /// <summary>Makes a new key pair and self-signed certificate.</summary>
    /// <param name="options">Name and validity.</param>
    /// <param name="time">Clock for the validity period.</param>
    /// <param name="random">Randomness for the key, serial number and signature; the system generator when <see langword="null"/>.</param>
    public static DtlsCertificate Generate(DtlsCertificateOptions options, TimeProvider time, RandomNumberGenerator? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var secureRandom = CreateSecureRandom(random);

        var keyGenerator = new ECKeyPairGenerator();
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, secureRandom));
        var keyPair = keyGenerator.GenerateKeyPair();

        // X.509 times have one-second resolution; truncating keeps NotBefore/NotAfter equal to what is encoded.
        var now = time.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var notBefore = now - options.Backdate;
        var notAfter = now + options.Validity;

        var name = new X509Name("CN=" + options.CommonName);
        var generator = new X509V3CertificateGenerator();
        // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; 64 random bits make it unique enough.
        generator.SetSerialNumber(new BigInteger(1, secureRandom.GenerateSeed(8)).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(notBefore.UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetPublicKey(keyPair.Public);
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, secureRandom));

        return new DtlsCertificate(certificate.GetEncoded(), keyPair.Private, notBefore, notAfter);
    }

    internal static SecureRandom CreateSecureRandom(RandomNumberGenerator? random) =>
        random is null ? new SecureRandom() : new SecureRandom(new CryptoApiRandomGenerator(random));
}
