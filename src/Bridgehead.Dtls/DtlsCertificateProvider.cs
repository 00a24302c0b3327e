using System.Security.Cryptography;

namespace Bridgehead.Dtls;

/// <summary>
/// Hands out the certificate for each new DTLS session: the shared one, made lazily and renewed
/// before it expires, or a fresh one per call, as <see cref="DtlsCertificateOptions.Lifetime"/>
/// says. One instance per server; nothing is static, so two servers in a process keep their own.
/// </summary>
public sealed class DtlsCertificateProvider
{
    private readonly DtlsCertificateOptions _options;
    private readonly TimeProvider _time;
    private readonly RandomNumberGenerator? _random;
    private readonly Lock _lock = new();
    private DtlsCertificate? _shared;

    /// <summary>Creates a provider.</summary>
    public DtlsCertificateProvider(DtlsCertificateOptions options, TimeProvider time, RandomNumberGenerator? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _random = random;
    }

    /// <summary>The certificate to use for a session that starts now.</summary>
    public DtlsCertificate GetCertificate()
    {
        if (_options.Lifetime == DtlsCertificateLifetime.PerCall)
        {
            return DtlsCertificate.Generate(_options, _time, _random);
        }

        lock (_lock)
        {
            if (_shared is null || _time.GetUtcNow() >= _shared.NotAfter - _options.RenewBefore)
            {
                _shared = DtlsCertificate.Generate(_options, _time, _random);
            }

            return _shared;
        }
    }
}
