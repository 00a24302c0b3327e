using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Bridgehead.Dtls.Engine;

/// <summary>
/// The DTLS 1.2 client side of DTLS-SRTP (a=setup:active): offers our SRTP profiles with an empty
/// MKI, checks the server's single answer, checks the server certificate against its SDP
/// fingerprint, presents our ECDSA certificate when asked, and exports keys on completion.
/// </summary>
internal sealed class SrtpDtlsClient : DefaultTlsClient
{
    private readonly DtlsPeerCore _core;

    public SrtpDtlsClient(BcTlsCrypto crypto, DtlsPeerCore core)
        : base(crypto)
    {
        _core = core;
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, CipherSuites.Client);

    public override int GetHandshakeTimeoutMillis() => _core.HandshakeTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => _core.ResendMillis;

    // Checked in ProcessServerExtensions instead, where the failure gets its own reason; the
    // extension is still offered (ShouldUseExtendedMasterSecret stays true).
    public override bool RequiresExtendedMasterSecret() => false;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([.. _core.Profiles.Select(p => (int)p)], []));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        _core.RequireExtendedMasterSecret(serverExtensions);

        var answer = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (answer is null)
        {
            const string detail = "server did not answer use_srtp (RFC 5764 §4.1.1)";
            _core.Recorder.Fail(DtlsFailureReason.SrtpNotNegotiated, detail);
            throw new TlsFatalAlert(AlertDescription.handshake_failure, detail);
        }

        _core.NegotiatedProfile = UseSrtpNegotiation.CheckServerSelection(answer.ProtectionProfiles, answer.Mki, _core.Profiles);
        if (_core.NegotiatedProfile is null)
        {
            var detail = $"server selected {SrtpDtlsServer.Describe(answer.ProtectionProfiles)} with a {answer.Mki.Length}-byte MKI; we offered {string.Join(", ", _core.Profiles.Select(p => p.RegistryName()))} with none";
            _core.Recorder.Fail(DtlsFailureReason.InvalidSrtpSelection, detail);
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, detail);
        }
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

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
        _core.ExportKeys(m_context, DtlsRole.Client);
    }

    private sealed class Authentication(SrtpDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            client._core.VerifyPeerCertificate(serverCertificate?.Certificate);

        // Our key is ECDSA, so we can only answer a request that allows ecdsa_sign; otherwise an
        // empty Certificate goes out and the server decides (RFC 5246 §7.4.6).
        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) =>
            certificateRequest.CertificateTypes is { } types && types.Contains(ClientCertificateType.ecdsa_sign)
                ? client._core.CreateSigner(client.m_context)
                : null;
    }
}
