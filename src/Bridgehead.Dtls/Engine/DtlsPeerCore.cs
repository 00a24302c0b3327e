using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Bridgehead.Dtls.Engine;

/// <summary>
/// What the server and client peers share: our credentials, the fingerprint check of the peer
/// certificate, the SRTP profile list and the key export.
/// </summary>
internal sealed class DtlsPeerCore
{
    private readonly DtlsSessionParameters _parameters;
    private readonly BcTlsCrypto _crypto;
    private readonly Certificate _localChain;

    public DtlsPeerCore(DtlsSessionParameters parameters, DtlsOptions options, BcTlsCrypto crypto, HandshakeRecorder recorder)
    {
        _parameters = parameters;
        _crypto = crypto;
        Recorder = recorder;
        Profiles = [.. options.SrtpProfiles];
        HandshakeTimeoutMillis = (int)Math.Ceiling(options.HandshakeTimeout.TotalMilliseconds);
        ResendMillis = (int)Math.Ceiling(options.InitialRetransmitTimeout.TotalMilliseconds);
        _localChain = new Certificate([crypto.CreateCertificate(parameters.Certificate.DerEncoding.ToArray())]);
    }

    public HandshakeRecorder Recorder { get; }

    public IList<SrtpProtectionProfile> Profiles { get; }

    public int HandshakeTimeoutMillis { get; }

    public int ResendMillis { get; }

    public SrtpProtectionProfile? NegotiatedProfile { get; set; }

    /// <summary>Signs with our ECDSA P-256 key using ecdsa_secp256r1_sha256, which every DTLS 1.2 peer accepts.</summary>
    public TlsCredentialedSigner CreateSigner(TlsContext context) =>
        new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            _crypto,
            _parameters.Certificate.PrivateKey,
            _localChain,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    /// <summary>
    /// RFC 5763 §5: the certificate is self-signed and trusted only because it hashes to the
    /// a=fingerprint of the peer's SDP. The first certificate of the chain is the peer's own.
    /// </summary>
    public void VerifyPeerCertificate(Certificate? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            const string detail = "peer sent no certificate";
            Recorder.Fail(DtlsFailureReason.PeerCertificateMissing, detail);
            throw new TlsFatalAlert(AlertDescription.handshake_failure, detail);
        }

        var der = chain.GetCertificateAt(0).GetEncoded();
        var actual = DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, der);
        if (!DtlsFingerprint.MatchesAny(_parameters.RemoteFingerprints, der))
        {
            var detail = $"peer certificate ({actual}) does not match the SDP fingerprint ({string.Join(", ", _parameters.RemoteFingerprints)})";
            Recorder.Fail(DtlsFailureReason.FingerprintMismatch, detail);
            throw new TlsFatalAlert(AlertDescription.bad_certificate, detail);
        }

        Recorder.PeerFingerprint = actual;
    }

    /// <summary>
    /// RFC 7627 §5.4 forbids exporting keying material from a master secret made without
    /// extended_master_secret, so a peer that does not offer it cannot get SRTP keys.
    /// </summary>
    public void RequireExtendedMasterSecret(IDictionary<int, byte[]>? peerExtensions)
    {
        if (peerExtensions is null || !TlsExtensionsUtilities.HasExtendedMasterSecretExtension(peerExtensions))
        {
            const string detail = "peer did not negotiate extended_master_secret (RFC 7627), needed to export SRTP keys";
            Recorder.Fail(DtlsFailureReason.ExtendedMasterSecretMissing, detail);
            throw new TlsFatalAlert(AlertDescription.handshake_failure, detail);
        }
    }

    /// <summary>
    /// Exports "EXTRACTOR-dtls_srtp" (RFC 5764 §4.2) and splits it by role. Must run inside the
    /// handshake-complete notification: once Accept/Connect returns BouncyCastle has cleared the
    /// master secret and the export throws.
    /// </summary>
    public void ExportKeys(TlsContext context, DtlsRole role)
    {
        if (NegotiatedProfile is not { } profile)
        {
            const string detail = "handshake completed without a negotiated SRTP profile";
            Recorder.Fail(DtlsFailureReason.SrtpNotNegotiated, detail);
            throw new TlsFatalAlert(AlertDescription.handshake_failure, detail);
        }

        var material = context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.KeyingMaterialLength());
        try
        {
            Recorder.Keys = DtlsSrtpKeys.FromKeyingMaterial(profile, role, material);
            Recorder.CipherSuite = context.SecurityParameters.CipherSuite;
        }
        finally
        {
            Array.Clear(material);
        }
    }
}
