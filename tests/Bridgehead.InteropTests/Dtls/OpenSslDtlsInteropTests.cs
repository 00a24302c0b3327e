using System.Net;
using Bridgehead.Dtls;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Dtls;

/// <summary>
/// Bridgehead's DTLS-SRTP against OpenSSL's s_server and s_client on 127.0.0.1: the handshake
/// completes in both roles, use_srtp negotiates the profile OpenSSL was given, and the keying
/// material OpenSSL prints for "EXTRACTOR-dtls_srtp" is exactly what Bridgehead exported.
/// Needs the Debian package openssl.
/// </summary>
public sealed class OpenSslDtlsInteropTests(OpenSslPeerCertificate peer) : IClassFixture<OpenSslPeerCertificate>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly DtlsCertificate OurCertificate = DtlsCertificate.Generate(new DtlsCertificateOptions(), TimeProvider.System);

    public static TheoryData<SrtpProtectionProfile, string> Profiles() => new()
    {
        { SrtpProtectionProfile.Aes128CmHmacSha1Tag80, "SRTP_AES128_CM_SHA1_80" },
        { SrtpProtectionProfile.Aes128CmHmacSha1Tag32, "SRTP_AES128_CM_SHA1_32" },
        { SrtpProtectionProfile.AeadAes128Gcm, "SRTP_AEAD_AES_128_GCM" },
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task OurClient_OpenSslServer_KeysEqualOpenSslExport(SrtpProtectionProfile profile, string openSslName)
    {
        var port = FreePorts.Next();
        await using var openssl = StartServer(port, openSslName, profile.KeyingMaterialLength());
        await openssl.WaitForLineAsync(line => line == "ACCEPT", Wait, cancellationToken: Token);
        await using var ours = new LoopbackDtlsEndpoint(DtlsRole.Client, OurCertificate, peer.Fingerprint, new IPEndPoint(IPAddress.Loopback, port));

        var result = await ours.Session.HandshakeAsync(Token).WaitAsync(Wait, Token);

        Assert.True(result.Succeeded, $"{result}\n{openssl.Output}");
        Assert.Equal(profile, result.Keys.Profile);
        Assert.Equal(peer.Fingerprint, result.PeerFingerprint);
        Assert.Equal(await OpenSslKeyingMaterialAsync(openssl), KeyingMaterial(result.Keys, DtlsRole.Client));
        Assert.Contains($"SRTP Extension negotiated, profile={openSslName}", openssl.Output.Text, StringComparison.Ordinal);
        // OpenSSL's view of the certificate we presented has our SDP fingerprint.
        Assert.Equal(OurCertificate.Fingerprint, await FingerprintOfPrintedCertificateAsync(openssl, "Client certificate"));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task OurServer_OpenSslClient_KeysEqualOpenSslExport(SrtpProtectionProfile profile, string openSslName)
    {
        await using var ours = new LoopbackDtlsEndpoint(DtlsRole.Server, OurCertificate, peer.Fingerprint);
        var handshake = ours.Session.HandshakeAsync(Token);
        await using var openssl = StartClient(ours.Port, openSslName, profile.KeyingMaterialLength());

        var result = await handshake.WaitAsync(Wait, Token);

        Assert.True(result.Succeeded, $"{result}\n{openssl.Output}");
        Assert.Equal(profile, result.Keys.Profile);
        Assert.Equal(peer.Fingerprint, result.PeerFingerprint);
        Assert.Equal(await OpenSslKeyingMaterialAsync(openssl), KeyingMaterial(result.Keys, DtlsRole.Server));
        Assert.Contains($"SRTP Extension negotiated, profile={openSslName}", openssl.Output.Text, StringComparison.Ordinal);
        Assert.Equal(OurCertificate.Fingerprint, await FingerprintOfPrintedCertificateAsync(openssl, "Server certificate"));
    }

    [Fact]
    public async Task OurServer_OpenSslClientCertificateNotTheSdpFingerprint_FailsWithBadCertificate()
    {
        var notTheirs = DtlsCertificate.Generate(new DtlsCertificateOptions(), TimeProvider.System).Fingerprint;
        await using var ours = new LoopbackDtlsEndpoint(DtlsRole.Server, OurCertificate, notTheirs);
        var handshake = ours.Session.HandshakeAsync(Token);
        await using var openssl = StartClient(ours.Port, "SRTP_AES128_CM_SHA1_80", 60);

        var result = await handshake.WaitAsync(Wait, Token);

        Assert.Equal(DtlsFailureReason.FingerprintMismatch, result.Failure);
        Assert.Equal(new DtlsAlert(DtlsAlertOrigin.Local, DtlsAlertLevel.Fatal, DtlsAlertDescription.BadCertificate), result.Alert);
        Assert.Contains(peer.Fingerprint.ToString(), result.Detail, StringComparison.Ordinal);
        await openssl.WaitForLineAsync(line => line.Contains("alert bad certificate", StringComparison.Ordinal), Wait, cancellationToken: Token);
    }

    [Fact]
    public async Task OurClient_OpenSslServerCertificateNotTheSdpFingerprint_FailsWithBadCertificate()
    {
        var port = FreePorts.Next();
        await using var openssl = StartServer(port, "SRTP_AES128_CM_SHA1_80", 60);
        await openssl.WaitForLineAsync(line => line == "ACCEPT", Wait, cancellationToken: Token);
        var notTheirs = DtlsCertificate.Generate(new DtlsCertificateOptions(), TimeProvider.System).Fingerprint;
        await using var ours = new LoopbackDtlsEndpoint(DtlsRole.Client, OurCertificate, notTheirs, new IPEndPoint(IPAddress.Loopback, port));

        var result = await ours.Session.HandshakeAsync(Token).WaitAsync(Wait, Token);

        Assert.Equal(DtlsFailureReason.FingerprintMismatch, result.Failure);
        Assert.Equal(DtlsAlertDescription.BadCertificate, result.Alert?.Description);
        await openssl.WaitForLineAsync(line => line.Contains("alert bad certificate", StringComparison.Ordinal), Wait, cancellationToken: Token);
    }

    [Fact]
    public async Task OurServer_OpenSslClientEndsInput_CloseNotifyEndsSession()
    {
        await using var ours = new LoopbackDtlsEndpoint(DtlsRole.Server, OurCertificate, peer.Fingerprint);
        var handshake = ours.Session.HandshakeAsync(Token);
        await using var openssl = StartClient(ours.Port, "SRTP_AES128_CM_SHA1_80", 60);
        Assert.True((await handshake.WaitAsync(Wait, Token)).Succeeded, openssl.Output.Text);
        await OpenSslKeyingMaterialAsync(openssl);

        openssl.CloseInput(); // s_client shuts the connection down with close_notify

        var end = await ours.Session.Completion.WaitAsync(Wait, Token);
        Assert.Equal(DtlsCloseReason.CloseNotifyReceived, end.Reason);
    }

    [Fact]
    public async Task OurClient_Close_OpenSslServerSeesCloseNotify()
    {
        var port = FreePorts.Next();
        await using var openssl = StartServer(port, "SRTP_AEAD_AES_128_GCM", 56);
        await openssl.WaitForLineAsync(line => line == "ACCEPT", Wait, cancellationToken: Token);
        await using var ours = new LoopbackDtlsEndpoint(DtlsRole.Client, OurCertificate, peer.Fingerprint, new IPEndPoint(IPAddress.Loopback, port));
        Assert.True((await ours.Session.HandshakeAsync(Token).WaitAsync(Wait, Token)).Succeeded, openssl.Output.Text);
        await OpenSslKeyingMaterialAsync(openssl);

        ours.Session.Close();

        // s_server prints DONE when the peer's close_notify ends the connection.
        await openssl.WaitForLineAsync(line => line == "DONE", Wait, cancellationToken: Token);
        Assert.Equal(DtlsCloseReason.ClosedLocally, (await ours.Session.Completion).Reason);
    }

    private TestProcess StartServer(int port, string openSslProfile, int keyingMaterialLength) =>
        OpenSsl.Start(peer.Directory,
            "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}",
            "-cert", peer.CertificateFile, "-key", peer.KeyFile,
            "-verify", "1", // ask for our certificate, as a WebRTC peer does
            "-use_srtp", openSslProfile,
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", keyingMaterialLength.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private TestProcess StartClient(int port, string openSslProfile, int keyingMaterialLength) =>
        OpenSsl.Start(peer.Directory,
            "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{port}",
            "-cert", peer.CertificateFile, "-key", peer.KeyFile,
            "-use_srtp", openSslProfile,
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", keyingMaterialLength.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The hex after "Keying material:" in OpenSSL's connection summary.</summary>
    private static async Task<string> OpenSslKeyingMaterialAsync(TestProcess openssl)
    {
        var line = await openssl.WaitForLineAsync(l => l.TrimStart().StartsWith("Keying material:", StringComparison.Ordinal), Wait, cancellationToken: Token);
        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    /// <summary>Rebuilds the exporter output from the split keys: client key | server key | client salt | server salt (RFC 5764 §4.2).</summary>
    private static string KeyingMaterial(DtlsSrtpKeys keys, DtlsRole role)
    {
        var (clientKey, clientSalt, serverKey, serverSalt) = role == DtlsRole.Client
            ? (keys.LocalMasterKey, keys.LocalMasterSalt, keys.RemoteMasterKey, keys.RemoteMasterSalt)
            : (keys.RemoteMasterKey, keys.RemoteMasterSalt, keys.LocalMasterKey, keys.LocalMasterSalt);
        return Convert.ToHexString([.. clientKey.Span, .. serverKey.Span, .. clientSalt.Span, .. serverSalt.Span]);
    }

    private async Task<DtlsFingerprint> FingerprintOfPrintedCertificateAsync(TestProcess openssl, string heading)
    {
        var file = Path.Combine(peer.Directory, $"printed-{openssl.Id}.pem");
        await File.WriteAllTextAsync(file, OpenSsl.PemAfter(openssl, heading), Token);
        return await OpenSslPeerCertificate.FingerprintOfAsync(peer.Directory, file);
    }
}
