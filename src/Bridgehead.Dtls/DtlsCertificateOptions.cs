namespace Bridgehead.Dtls;

/// <summary>How often a DTLS certificate is made.</summary>
public enum DtlsCertificateLifetime
{
    /// <summary>
    /// One certificate for the process, renewed before it expires. Generation costs a P-256 key
    /// pair and a signature; sharing it is what browsers do per origin (RTCCertificate).
    /// </summary>
    PerProcess,

    /// <summary>A fresh certificate for every session, so two calls cannot be linked by fingerprint.</summary>
    PerCall,
}

/// <summary>Settings for the self-signed certificates DTLS-SRTP presents (RFC 5763 §5: any self-signed certificate will do; the fingerprint authenticates it).</summary>
public sealed class DtlsCertificateOptions
{
    /// <summary>Subject and issuer common name.</summary>
    public string CommonName { get; set; } = "Bridgehead";

    /// <summary>How long a certificate is valid from the time it is made. Default 30 days.</summary>
    public TimeSpan Validity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How far notBefore is set in the past, so that a peer whose clock runs behind does not see
    /// a certificate from the future. Default one day.
    /// </summary>
    public TimeSpan Backdate { get; set; } = TimeSpan.FromDays(1);

    /// <summary>One certificate per process (default) or one per call.</summary>
    public DtlsCertificateLifetime Lifetime { get; set; } = DtlsCertificateLifetime.PerProcess;

    /// <summary>With <see cref="DtlsCertificateLifetime.PerProcess"/>, how long before notAfter the shared certificate is replaced. Default one day.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromDays(1);
}
