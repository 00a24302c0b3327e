using Bridgehead.Dtls;

namespace Bridgehead.InteropTests.Dtls;

/// <summary>
/// A self-signed ECDSA P-256 certificate made by openssl itself for the OpenSSL peer, and its
/// fingerprint as <c>openssl x509 -fingerprint -sha256</c> computes it, read into the SDP form.
/// </summary>
public sealed class OpenSslPeerCertificate : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("bridgehead-dtls-interop-").FullName;

    public string CertificateFile => Path.Combine(Directory, "peer-cert.pem");

    public string KeyFile => Path.Combine(Directory, "peer-key.pem");

    public DtlsFingerprint Fingerprint { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await OpenSsl.RunAsync(Directory, CommandTimeout,
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-subj", "/CN=openssl-peer", "-days", "2", "-keyout", KeyFile, "-out", CertificateFile);
        Fingerprint = await FingerprintOfAsync(Directory, CertificateFile);
    }

    /// <summary>Runs <c>openssl x509 -noout -fingerprint -sha256</c> and turns "sha256 Fingerprint=AB:…" into "sha-256 AB:…".</summary>
    public static async Task<DtlsFingerprint> FingerprintOfAsync(string directory, string pemFile)
    {
        var output = await OpenSsl.RunAsync(directory, CommandTimeout, "x509", "-in", pemFile, "-noout", "-fingerprint", "-sha256");
        var line = output.Split('\n').Single(l => l.Contains("Fingerprint=", StringComparison.OrdinalIgnoreCase));
        var hex = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim();
        Assert.True(DtlsFingerprint.TryParse("sha-256 " + hex, out var fingerprint, out var error), $"{error}: {line}");
        return fingerprint!;
    }

    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
