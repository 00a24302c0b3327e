using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridgehead.Sip.Transport;
using Bridgehead.Sip.Transport.Tls;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Tests.Transport.Tls;

public sealed class SipCertificateTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bridgehead-cert-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void LoadOrCreate_NothingConfigured_GeneratesAPfxAndAPemWithLoopbackAndHostNames()
    {
        using var certificate = SipCertificate.LoadOrCreate(new SipTlsOptions(), _directory, _time, "edge1.example.net", out var source);

        Assert.Equal(SipCertificateSource.Generated, source);
        Assert.True(certificate.HasPrivateKey);
        using var rsa = certificate.GetRSAPublicKey();
        Assert.Equal(2048, rsa!.KeySize);
        Assert.Equal(_time.GetUtcNow().Add(SipCertificate.GeneratedValidity).UtcDateTime, certificate.NotAfter.ToUniversalTime());
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost", "edge1.example.net"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], san.EnumerateIPAddresses());
        Assert.Contains(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");

        var pfx = Path.Combine(_directory, SipCertificate.PfxFileName);
        using var pem = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_directory, SipCertificate.PemFileName)));
        Assert.Equal(certificate.Thumbprint, pem.Thumbprint);
        Assert.False(pem.HasPrivateKey);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pfx));
        }
    }

    [Fact]
    public void LoadOrCreate_NextStart_ReusesTheCertificateUntilItExpires()
    {
        using var first = SipCertificate.LoadOrCreate(new SipTlsOptions(), _directory, _time, "edge1", out _);

        _time.Advance(TimeSpan.FromDays(364));
        using var second = SipCertificate.LoadOrCreate(new SipTlsOptions(), _directory, _time, "edge1", out var secondSource);
        _time.Advance(TimeSpan.FromDays(2));
        using var third = SipCertificate.LoadOrCreate(new SipTlsOptions(), _directory, _time, "edge1", out var thirdSource);

        Assert.Equal(SipCertificateSource.Reused, secondSource);
        Assert.Equal(first.Thumbprint, second.Thumbprint);
        Assert.True(second.HasPrivateKey);
        Assert.Equal(SipCertificateSource.Generated, thirdSource);
        Assert.NotEqual(first.Thumbprint, third.Thumbprint);
        Assert.True(third.NotAfter.ToUniversalTime() > _time.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public void LoadOrCreate_DamagedPfx_IsReplaced()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, SipCertificate.PfxFileName), "not a pfx");

        using var certificate = SipCertificate.LoadOrCreate(new SipTlsOptions(), _directory, _time, "edge1", out var source);

        Assert.Equal(SipCertificateSource.Generated, source);
    }

    [Fact]
    public void LoadOrCreate_ConfiguredPfxAndPem_AreLoadedWithTheirPasswords()
    {
        Directory.CreateDirectory(_directory);
        using var made = SipCertificate.Generate("edge1", _time.GetUtcNow());
        var pfxPath = Path.Combine(_directory, "mine.p12");
        File.WriteAllBytes(pfxPath, made.Export(X509ContentType.Pkcs12, "s3cret"));
        var certPath = Path.Combine(_directory, "mine.crt");
        var keyPath = Path.Combine(_directory, "mine.key");
        File.WriteAllText(certPath, made.ExportCertificatePem());
        using var key = made.GetRSAPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportEncryptedPkcs8PrivateKeyPem("k3y", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));

        using var fromPfx = SipCertificate.LoadOrCreate(Tls(pfxPath, null, "s3cret"), _directory, _time, "edge1", out var pfxSource);
        using var fromPem = SipCertificate.LoadOrCreate(Tls(certPath, keyPath, "k3y"), _directory, _time, "edge1", out var pemSource);

        Assert.Equal(SipCertificateSource.Configured, pfxSource);
        Assert.Equal(SipCertificateSource.Configured, pemSource);
        Assert.Equal(made.Thumbprint, fromPfx.Thumbprint);
        Assert.Equal(made.Thumbprint, fromPem.Thumbprint);
        Assert.True(fromPem.HasPrivateKey);
        Assert.False(File.Exists(Path.Combine(_directory, SipCertificate.PfxFileName)));
    }

    private static SipTlsOptions Tls(string certificate, string? key, string password) =>
        new() { CertificatePath = certificate, KeyPath = key, Password = password };
}
