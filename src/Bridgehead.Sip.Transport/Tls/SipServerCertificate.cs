using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transport.Tls;

/// <summary>
/// The certificate TLS listeners present and outbound TLS connections offer when asked. Loaded on
/// first use: generated only when a TLS listener needs it and none is configured.
/// </summary>
public sealed partial class SipServerCertificate : IDisposable
{
    private readonly Lazy<X509Certificate2?> _certificate;

    public SipServerCertificate(IOptions<SipTransportOptions> options, SipListenerSet listeners, TimeProvider time, ILogger<SipServerCertificate> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        var needed = listeners.Any(l => l.Transport.IsSecure()) || !string.IsNullOrEmpty(o.Tls.CertificatePath);
        _certificate = new Lazy<X509Certificate2?>(() =>
        {
            if (!needed)
            {
                return null;
            }

            var certificate = SipCertificate.LoadOrCreate(o.Tls, o.DataDirectory, time, System.Net.Dns.GetHostName(), out var source);
            Log.Loaded(logger, source, certificate.Subject, certificate.NotAfter, certificate.Thumbprint,
                source == SipCertificateSource.Configured ? o.Tls.CertificatePath! : Path.GetFullPath(Path.Combine(o.DataDirectory, SipCertificate.PemFileName)));
            return certificate;
        });
    }

    /// <summary>The certificate, or null when no TLS listener needs one and none is configured.</summary>
    public X509Certificate2? Certificate => _certificate.Value;

    public void Dispose()
    {
        if (_certificate.IsValueCreated)
        {
            _certificate.Value?.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "TLS certificate {Source}: {Subject}, valid until {NotAfter}, thumbprint {Thumbprint} ({Path})")]
        public static partial void Loaded(ILogger logger, SipCertificateSource source, string subject, DateTime notAfter, string thumbprint, string path);
    }
}
