using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Bridgehead.Dtls.Engine;

/// <summary>
/// The DTLS 1.2 server side of DTLS-SRTP (a=setup:passive), configured as the Chromium-proven
/// checklist asks: DTLS 1.2 only, ECDHE_ECDSA suites, a CertificateRequest for ecdsa_sign and
/// rsa_sign, the client certificate checked against its SDP fingerprint, use_srtp answered with one
/// profile and an empty MKI, keys exported when the handshake completes.
/// </summary>
internal sealed class SrtpDtlsServer : DefaultTlsServer
{
    private readonly DtlsPeerCore _core;

    public SrtpDtlsServer(BcTlsCrypto crypto, DtlsPeerCore core)
        : base(crypto)
    {
        _core = core;
    }

    // The inherited default lists TLS versions, not DTLS ones; the server then answers
    // protocol_version(70). BouncyCastle 2.7 has no DTLS 1.3 and Chromium falls back to 1.2.
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, CipherSuites.Server);

    public override int GetHandshakeTimeoutMillis() => _core.HandshakeTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => _core.ResendMillis;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        _core.RequireExtendedMasterSecret(clientExtensions);

        var offer = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offer is null)
        {
            const string detail = "client did not offer use_srtp (RFC 5764 §4.1.1)";
            _core.Recorder.Fail(DtlsFailureReason.SrtpNotNegotiated, detail);
            throw new TlsFatalAlert(AlertDescription.handshake_failure, detail);
        }

        _core.NegotiatedProfile = UseSrtpNegotiation.SelectForServer(offer.ProtectionProfiles, _core.Profiles);
        if (_core.NegotiatedProfile is null)
        {
            var detail = $"no common SRTP profile: client offered {Describe(offer.ProtectionProfiles)}, we accept {string.Join(", ", _core.Profiles.Select(p => p.RegistryName()))}";
            _core.Recorder.Fail(DtlsFailureReason.NoCommonSrtpProfile, detail);
            throw new TlsFatalAlert(AlertDescription.handshake_failure, detail);
        }
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions();
        // RFC 5764 §4.1.1: the server answers with the single profile it chose; our MKI is empty.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)_core.NegotiatedProfile!.Value], []));
        return extensions;
    }

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => _core.CreateSigner(m_context);

    // Always ask for the client certificate: without a CertificateRequest Chromium still connects
    // and the peer goes unauthenticated. Both ecdsa_sign and rsa_sign, because with rsa_sign alone
    // Chromium (ECDSA certificate) aborts with handshake_failure(40).
    public override CertificateRequest GetCertificateRequest() =>
        new(
            [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
            TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context),
            null);

    public override void NotifyClientCertificate(Certificate clientCertificate) => _core.VerifyPeerCertificate(clientCertificate);

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
    {
        base.NotifyAlertRaised(alertLevel, alertDescription, message, cause);
        _core.Recorder.AlertRaised(alertLevel, alertDescription, message ?? cause?.Message);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        _core.Recorder.AlertReceived(alertLevel, alertDescription);
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _core.ExportKeys(m_context, DtlsRole.Server);
    }

    internal static string Describe(int[] profiles) =>
        string.Join(", ", profiles.Select(p => SrtpProtectionProfiles.IsSupported(p) ? ((SrtpProtectionProfile)p).RegistryName() : $"0x{p:X4}"));
}
