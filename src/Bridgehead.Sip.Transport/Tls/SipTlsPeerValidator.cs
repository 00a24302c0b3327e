using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transport.Tls;

/// <summary>Checks TLS peer certificates as <see cref="SipTlsOptions.PeerValidation"/> says.</summary>
public sealed class SipTlsPeerValidator : IDisposable
{
    private readonly SipTlsPeerValidation _mode;
    private readonly X509Certificate2Collection _trusted = [];

    public SipTlsPeerValidator(IOptions<SipTransportOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tls = options.Value.Tls;
        _mode = tls.PeerValidation;
        foreach (var path in tls.TrustedCertificatePaths)
        {
            _trusted.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }
    }

    /// <summary>The decision for one handshake.</summary>
    /// <param name="certificate">What the peer presented.</param>
    /// <param name="chain">The chain the platform built.</param>
    /// <param name="errors">What the platform found wrong.</param>
    /// <param name="checkName">True for servers we dialled; false for clients (their name is not known).</param>
    public bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, bool checkName)
    {
        if (_mode == SipTlsPeerValidation.None)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) && checkName && _mode == SipTlsPeerValidation.Full)
        {
            return false;
        }

        if (!errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            return true;
        }

        return _trusted.Count > 0 && ChainsToTrusted(certificate, chain);
    }

    public void Dispose()
    {
        foreach (var certificate in _trusted)
        {
            certificate.Dispose();
        }
    }

    // Rebuilds the chain with the configured certificates as the only roots; a pinned self-signed
    // peer is its own root.
    private bool ChainsToTrusted(X509Certificate certificate, X509Chain? platformChain)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (platformChain is not null)
        {
            foreach (var element in platformChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }
}
