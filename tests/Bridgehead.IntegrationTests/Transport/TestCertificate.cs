using Bridgehead.Sip.Transport;
using Bridgehead.Sip.Transport.Tls;

namespace Bridgehead.IntegrationTests.Transport;

/// <summary>
/// One self-signed certificate for the TLS tests that are not about generating one: RSA key
/// generation takes seconds on a busy machine, so it happens once per test run.
/// </summary>
internal static class TestCertificate
{
    private static readonly Lazy<string> Directory = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), "bridgehead-transport-shared-" + Environment.ProcessId);
        using var certificate = SipCertificate.LoadOrCreate(new SipTlsOptions(), directory, TimeProvider.System, "localhost", out _);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(directory, recursive: true);
        return directory;
    });

    public static string PfxPath => Path.Combine(Directory.Value, SipCertificate.PfxFileName);

    /// <summary>True when a peer presented this very certificate (a pinned self-signed server).</summary>
    public static bool IsIt(System.Security.Cryptography.X509Certificates.X509Certificate? presented)
    {
        using var expected = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(PemPath);
        return presented is not null && presented.GetCertHashString() == expected.GetCertHashString();
    }

    /// <summary>The public certificate a peer trusts.</summary>
    public static string PemPath => Path.Combine(Directory.Value, SipCertificate.PemFileName);
}
