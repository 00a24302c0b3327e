using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridgehead.Dtls;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Generate_Default_SelfSignedEcdsaP256WithSha256()
    {
        var certificate = DtlsCertificate.Generate(new DtlsCertificateOptions(), new FakeTimeProvider(Now));

        using var parsed = X509CertificateLoader.LoadCertificate(certificate.DerEncoding);
        Assert.Equal("1.2.840.10045.4.3.2", parsed.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        using var key = parsed.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, key.ExportParameters(false).Curve.Oid.Value);
        Assert.Equal("CN=Bridgehead", parsed.Subject);
        Assert.Equal(parsed.Subject, parsed.Issuer);
        // Self-signed: the signature verifies with the certificate's own key.
        var tbs = ReadTbsAndSignature(certificate.DerEncoding.ToArray(), out var signature);
        Assert.True(key.VerifyData(tbs, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Generate_ValidityFromClock_BackdatedOneDay()
    {
        var certificate = DtlsCertificate.Generate(new DtlsCertificateOptions { Validity = TimeSpan.FromDays(7) }, new FakeTimeProvider(Now));

        using var parsed = X509CertificateLoader.LoadCertificate(certificate.DerEncoding);
        Assert.Equal(Now.AddDays(-1), certificate.NotBefore);
        Assert.Equal(Now.AddDays(7), certificate.NotAfter);
        Assert.Equal(certificate.NotBefore.UtcDateTime, parsed.NotBefore.ToUniversalTime());
        Assert.Equal(certificate.NotAfter.UtcDateTime, parsed.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void Fingerprint_IsSha256OfDer()
    {
        var certificate = DtlsCertificate.Generate(new DtlsCertificateOptions(), new FakeTimeProvider(Now));

        Assert.Equal(FingerprintHashFunction.Sha256, certificate.Fingerprint.HashFunction);
        Assert.Equal(SHA256.HashData(certificate.DerEncoding), certificate.Fingerprint.Value.ToArray());
        Assert.Equal(SHA384.HashData(certificate.DerEncoding), certificate.GetFingerprint(FingerprintHashFunction.Sha384).Value.ToArray());
        Assert.StartsWith("sha-256 ", certificate.Fingerprint.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_TwoCalls_DifferentKeysAndSerials()
    {
        var clock = new FakeTimeProvider(Now);

        var first = DtlsCertificate.Generate(new DtlsCertificateOptions(), clock);
        var second = DtlsCertificate.Generate(new DtlsCertificateOptions(), clock);

        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
        using var a = X509CertificateLoader.LoadCertificate(first.DerEncoding);
        using var b = X509CertificateLoader.LoadCertificate(second.DerEncoding);
        Assert.NotEqual(a.SerialNumber, b.SerialNumber);
    }

    [Fact]
    public void Generate_DerSize_FitsOneSmallDatagram() =>
        Assert.InRange(DtlsCertificate.Generate(new DtlsCertificateOptions(), new FakeTimeProvider(Now)).DerEncoding.Length, 200, 400);

    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
    private static byte[] ReadTbsAndSignature(byte[] der, out byte[] signature)
    {
        var reader = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        var tbs = reader.ReadEncodedValue().ToArray();
        reader.ReadSequence();
        signature = reader.ReadBitString(out _);
        return tbs;
    }
}
