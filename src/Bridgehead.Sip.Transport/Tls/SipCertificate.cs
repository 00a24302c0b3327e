using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridgehead.Sip.Transport.Tls;

/// <summary>Where a certificate came from.</summary>
public enum SipCertificateSource : byte
{
    /// <summary>Loaded from <see cref="SipTlsOptions.CertificatePath"/>.</summary>
    Configured,

    /// <summary>The self-signed certificate generated on an earlier start, reused.</summary>
    Reused,

    /// <summary>Generated now (none existed, or the previous one expired or could not be read).</summary>
    Generated,
}

/// <summary>
/// Loads the configured TLS certificate, or keeps a self-signed one in the data directory so that a
/// fresh install speaks TLS out of the box: <c>sip-tls.pfx</c> (certificate and key, readable by the
/// owner only) and <c>sip-tls.crt</c> (PEM public certificate, to give to clients as a trust anchor).
/// </summary>
public static class SipCertificate
{
    public const string PfxFileName = "sip-tls.pfx";
    public const string PemFileName = "sip-tls.crt";

    /// <summary>How long a generated certificate is valid.</summary>
    public static readonly TimeSpan GeneratedValidity = TimeSpan.FromDays(365);

    /// <summary>Loads or creates the certificate; <paramref name="source"/> tells which happened.</summary>
    /// <param name="tls">Configured paths; when <see cref="SipTlsOptions.CertificatePath"/> is set it is loaded as is.</param>
    /// <param name="dataDirectory">Where a generated certificate lives.</param>
    /// <param name="time">The clock that decides expiry.</param>
    /// <param name="hostName">The host name to add to the SAN besides localhost, 127.0.0.1 and ::1.</param>
    public static X509Certificate2 LoadOrCreate(SipTlsOptions tls, string dataDirectory, TimeProvider time, string hostName, out SipCertificateSource source)
    {
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(time);
        if (!string.IsNullOrEmpty(tls.CertificatePath))
        {
            source = SipCertificateSource.Configured;
            return LoadConfigured(tls);
        }

        var pfxPath = Path.Combine(dataDirectory, PfxFileName);
        var now = time.GetUtcNow();
        if (File.Exists(pfxPath))
        {
            var existing = TryLoadPfx(pfxPath);
            if (existing is not null && existing.NotBefore.ToUniversalTime() <= now.UtcDateTime && now.UtcDateTime < existing.NotAfter.ToUniversalTime())
            {
                source = SipCertificateSource.Reused;
                return existing;
            }

            existing?.Dispose();
        }

        Directory.CreateDirectory(dataDirectory);
        using var generated = Generate(hostName, now);
        var pfx = generated.Export(X509ContentType.Pfx);
        WritePrivate(pfxPath, pfx);
        File.WriteAllText(Path.Combine(dataDirectory, PemFileName), generated.ExportCertificatePem() + "\n");
        source = SipCertificateSource.Generated;
        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }

    /// <summary>
    /// A self-signed server certificate. RSA 2048 rather than ECDSA: older softphone TLS stacks
    /// still negotiate only RSA key exchange, and an edge must accept every client.
    /// </summary>
    public static X509Certificate2 Generate(string hostName, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={Escape(hostName)}, O=Bridgehead", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        if (!string.Equals(hostName, "localhost", StringComparison.OrdinalIgnoreCase) && Uri.CheckHostName(hostName) == UriHostNameType.Dns)
        {
            san.AddDnsName(hostName);
        }

        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));

        // serverAuth for listeners, clientAuth because the same certificate is offered on outbound
        // connections to peers that ask for one (mutual TLS between proxies).
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        // Backdated a little so a peer whose clock lags does not reject it as not yet valid.
        return request.CreateSelfSigned(now.AddHours(-1), now.Add(GeneratedValidity));
    }

    private static X509Certificate2 LoadConfigured(SipTlsOptions tls)
    {
        var path = tls.CertificatePath!;
        var extension = Path.GetExtension(path);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, tls.Password);
        }

        var keyPath = string.IsNullOrEmpty(tls.KeyPath) ? path : tls.KeyPath;
        return string.IsNullOrEmpty(tls.Password)
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, tls.Password, keyPath);
    }

    private static X509Certificate2? TryLoadPfx(string path)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
        }
        catch (CryptographicException)
        {
            // Damaged or from another tool: generate a fresh one rather than refuse to start.
            return null;
        }
    }

    private static void WritePrivate(string path, byte[] content)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(content);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string Escape(string value) => value.Replace(",", "\\,", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);
}
