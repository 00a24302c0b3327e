using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Bridgehead.Sip.Transport;

/// <summary>How a TLS peer's certificate is checked.</summary>
public enum SipTlsPeerValidation : byte
{
    /// <summary>
    /// The chain must lead to a trusted root (the system store or <see cref="SipTlsOptions.TrustedCertificatePaths"/>)
    /// and, for servers we connect to, name the host or IP we dialled (RFC 5922 §7).
    /// </summary>
    Full,

    /// <summary>The chain must be trusted; the name is not checked (peers addressed by an IP their certificate does not list).</summary>
    ChainOnly,

    /// <summary>Anything is accepted: encryption without authentication. For labs only.</summary>
    None,
}

/// <summary>The certificate this transport presents and how it checks its peers.</summary>
public sealed class SipTlsOptions
{
    /// <summary>
    /// A PFX/PKCS#12 file (.pfx, .p12) or a PEM certificate (with <see cref="KeyPath"/>, or the key in
    /// the same file). When unset, a self-signed certificate is generated into the data directory and
    /// reused on later starts.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key for a PEM <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of the PFX, or of an encrypted PEM key.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Whether inbound TLS asks clients for a certificate: none by default, because softphones and
    /// browsers register with digest credentials and almost never hold a client certificate;
    /// requiring one would lock them out. Use RequireCertificate on a proxy-to-proxy interface (RFC
    /// 3261 §26.3.2.2 mutual TLS). A certificate that is sent is checked by <see cref="PeerValidation"/>
    /// without a name check (a client's name is not known in advance).
    /// </summary>
    public ClientCertificateMode ClientCertificateMode { get; set; } = ClientCertificateMode.NoCertificate;

    /// <summary>
    /// How certificates of peers are checked: <see cref="SipTlsPeerValidation.Full"/> by default,
    /// because calls and digest-authenticated registrations forwarded over an unauthenticated hop
    /// can be intercepted, and RFC 5922 requires checking the peer's identity. Trust a self-signed
    /// switch by adding its certificate to <see cref="TrustedCertificatePaths"/> rather than turning
    /// validation off.
    /// </summary>
    public SipTlsPeerValidation PeerValidation { get; set; } = SipTlsPeerValidation.Full;

    /// <summary>PEM or DER certificates trusted as roots in addition to the system store (a private CA, or a pinned self-signed peer).</summary>
    public IList<string> TrustedCertificatePaths { get; } = [];
}
