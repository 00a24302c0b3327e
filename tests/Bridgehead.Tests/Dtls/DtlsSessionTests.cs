using Bridgehead.Dtls;

namespace Bridgehead.Tests.Dtls;

public sealed class DtlsSessionTests
{
    public static TheoryData<SrtpProtectionProfile> Profiles() =>
        [SrtpProtectionProfile.Aes128CmHmacSha1Tag80, SrtpProtectionProfile.Aes128CmHmacSha1Tag32, SrtpProtectionProfile.AeadAes128Gcm];

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task HandshakeAsync_BothRolesOfferProfile_KeysMatchCrosswise(SrtpProtectionProfile profile)
    {
        using var peers = new DtlsTestPeers(DtlsTestPeers.FastOptions(profile), DtlsTestPeers.FastOptions(profile));

        var (client, server) = await peers.HandshakeAsync();

        Assert.True(client.Succeeded, client.ToString());
        Assert.True(server.Succeeded, server.ToString());
        Assert.Equal(profile, client.Keys.Profile);
        Assert.Equal(profile, server.Keys.Profile);
        Assert.Equal(profile.MasterKeyLength(), client.Keys.LocalMasterKey.Length);
        Assert.Equal(profile.MasterSaltLength(), client.Keys.LocalMasterSalt.Length);
        // What the client sends with, the server receives with, and the other way round.
        Assert.Equal(client.Keys.LocalMasterKey.ToArray(), server.Keys.RemoteMasterKey.ToArray());
        Assert.Equal(client.Keys.LocalMasterSalt.ToArray(), server.Keys.RemoteMasterSalt.ToArray());
        Assert.Equal(server.Keys.LocalMasterKey.ToArray(), client.Keys.RemoteMasterKey.ToArray());
        Assert.Equal(server.Keys.LocalMasterSalt.ToArray(), client.Keys.RemoteMasterSalt.ToArray());
        Assert.NotEqual(client.Keys.LocalMasterKey.ToArray(), client.Keys.RemoteMasterKey.ToArray());
        Assert.Equal(DtlsTestPeers.ServerCertificate.Fingerprint, client.PeerFingerprint);
        Assert.Equal(DtlsTestPeers.ClientCertificate.Fingerprint, server.PeerFingerprint);
        Assert.Equal(0xC02B, server.CipherSuite); // ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        Assert.Equal(DtlsSessionState.Connected, peers.Client.State);
        Assert.Equal(DtlsSessionState.Connected, peers.Server.State);
    }

    [Fact]
    public async Task HandshakeAsync_ServerPrefersGcm_ServerPreferenceWins()
    {
        using var peers = new DtlsTestPeers(
            DtlsTestPeers.FastOptions(SrtpProtectionProfile.Aes128CmHmacSha1Tag80, SrtpProtectionProfile.AeadAes128Gcm),
            DtlsTestPeers.FastOptions(SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.Aes128CmHmacSha1Tag80));

        var (client, server) = await peers.HandshakeAsync();

        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, client.Keys!.Profile);
        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, server.Keys!.Profile);
        Assert.Equal(12, client.Keys.LocalMasterSalt.Length);
    }

    [Fact]
    public async Task HandshakeAsync_NoCommonProfile_ServerFailsWithHandshakeFailure()
    {
        using var peers = new DtlsTestPeers(
            DtlsTestPeers.FastOptions(SrtpProtectionProfile.Aes128CmHmacSha1Tag32),
            DtlsTestPeers.FastOptions(SrtpProtectionProfile.AeadAes128Gcm));

        var (client, server) = await peers.HandshakeAsync();

        Assert.Equal(DtlsFailureReason.NoCommonSrtpProfile, server.Failure);
        Assert.Equal(new DtlsAlert(DtlsAlertOrigin.Local, DtlsAlertLevel.Fatal, DtlsAlertDescription.HandshakeFailure), server.Alert);
        Assert.Equal(DtlsFailureReason.AlertReceived, client.Failure);
        Assert.Equal(new DtlsAlert(DtlsAlertOrigin.Peer, DtlsAlertLevel.Fatal, DtlsAlertDescription.HandshakeFailure), client.Alert);
        Assert.Equal(DtlsCloseReason.HandshakeFailed, (await peers.Server.Completion).Reason);
    }

    [Fact]
    public async Task HandshakeAsync_ClientCertificateNotTheSdpFingerprint_ServerSendsBadCertificate()
    {
        var wrong = DtlsTestPeers.ServerCertificate.Fingerprint; // the server expects the client's, gets told the wrong one
        using var peers = new DtlsTestPeers(serverExpects: wrong);

        var (client, server) = await peers.HandshakeAsync();

        Assert.Equal(DtlsFailureReason.FingerprintMismatch, server.Failure);
        Assert.Equal(new DtlsAlert(DtlsAlertOrigin.Local, DtlsAlertLevel.Fatal, DtlsAlertDescription.BadCertificate), server.Alert);
        Assert.Contains(DtlsTestPeers.ClientCertificate.Fingerprint.ToString(), server.Detail, StringComparison.Ordinal);
        Assert.Equal(DtlsFailureReason.AlertReceived, client.Failure);
        Assert.Equal(DtlsAlertDescription.BadCertificate, client.Alert?.Description);
    }

    [Fact]
    public async Task HandshakeAsync_ServerCertificateNotTheSdpFingerprint_ClientSendsBadCertificate()
    {
        using var peers = new DtlsTestPeers(clientExpects: DtlsTestPeers.ClientCertificate.Fingerprint);

        var (client, server) = await peers.HandshakeAsync();

        Assert.Equal(DtlsFailureReason.FingerprintMismatch, client.Failure);
        Assert.Equal(new DtlsAlert(DtlsAlertOrigin.Local, DtlsAlertLevel.Fatal, DtlsAlertDescription.BadCertificate), client.Alert);
        Assert.Equal(DtlsFailureReason.AlertReceived, server.Failure);
        Assert.Equal(DtlsAlertDescription.BadCertificate, server.Alert?.Description);
    }

    [Fact]
    public async Task HandshakeAsync_ExpectedSha512Fingerprint_Accepted()
    {
        using var peers = new DtlsTestPeers(clientExpects: DtlsTestPeers.ServerCertificate.GetFingerprint(FingerprintHashFunction.Sha512));

        var (client, server) = await peers.HandshakeAsync();

        Assert.True(client.Succeeded, client.ToString());
        Assert.True(server.Succeeded, server.ToString());
    }

    [Fact]
    public async Task HandshakeAsync_ClientNeverAnswers_ServerTimesOut()
    {
        var options = DtlsTestPeers.FastOptions();
        options.HandshakeTimeout = TimeSpan.FromMilliseconds(400);
        var link = new LossyDatagramLink(); // no target: nothing arrives anywhere
        using var server = new DtlsSession(
            new DtlsSessionParameters(DtlsRole.Server, DtlsTestPeers.ServerCertificate, [DtlsTestPeers.ClientCertificate.Fingerprint]), options, link);

        var result = await server.HandshakeAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(DtlsFailureReason.TimedOut, result.Failure);
        Assert.Empty(link.Sent); // a server with no ClientHello has nothing to say
        Assert.Equal(DtlsCloseReason.HandshakeFailed, (await server.Completion).Reason);
    }

    [Fact]
    public async Task HandshakeAsync_ServerNeverAnswers_ClientRetransmitsThenTimesOut()
    {
        var options = DtlsTestPeers.FastOptions();
        options.HandshakeTimeout = TimeSpan.FromMilliseconds(600);
        var link = new LossyDatagramLink();
        using var client = new DtlsSession(
            new DtlsSessionParameters(DtlsRole.Client, DtlsTestPeers.ClientCertificate, [DtlsTestPeers.ServerCertificate.Fingerprint]), options, link);

        var result = await client.HandshakeAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(DtlsFailureReason.TimedOut, result.Failure);
        // 50 ms doubling (50, 100, 200 …) within 600 ms: the ClientHello goes out again, a bounded number of times.
        var clientHellos = link.Sent.Count(d => LossyDatagramLink.ContentType(d) == 22 && d[13] == 1);
        Assert.InRange(clientHellos, 2, 6);
    }

    [Fact]
    public async Task HandshakeAsync_Cancelled_ReturnsCancelled()
    {
        var link = new LossyDatagramLink();
        using var client = new DtlsSession(
            new DtlsSessionParameters(DtlsRole.Client, DtlsTestPeers.ClientCertificate, [DtlsTestPeers.ServerCertificate.Fingerprint]), DtlsTestPeers.FastOptions(), link);
        using var cancellation = new CancellationTokenSource();

        var handshake = client.HandshakeAsync(cancellation.Token);
        await cancellation.CancelAsync();
        var result = await handshake.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(DtlsFailureReason.Cancelled, result.Failure);
        Assert.Equal(DtlsSessionState.Closed, client.State);
        Assert.Equal(DtlsCloseReason.ClosedLocally, (await client.Completion).Reason);
    }

    [Fact]
    public async Task HandshakeAsync_CalledTwice_Throws()
    {
        using var peers = new DtlsTestPeers();
        await peers.HandshakeAsync();

        // Thrown at the call, not through the task: starting twice is a bug in the caller.
        Assert.Throws<InvalidOperationException>(() => { _ = peers.Client.HandshakeAsync(TestContext.Current.CancellationToken); });
    }

    [Fact]
    public async Task HandshakeAsync_AfterClose_ReturnsCancelledWithoutSending()
    {
        var link = new LossyDatagramLink();
        var client = new DtlsSession(
            new DtlsSessionParameters(DtlsRole.Client, DtlsTestPeers.ClientCertificate, [DtlsTestPeers.ServerCertificate.Fingerprint]), DtlsTestPeers.FastOptions(), link);
        client.Close();

        var result = await client.HandshakeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(DtlsFailureReason.Cancelled, result.Failure);
        Assert.Empty(link.Sent);
        Assert.False(client.DeliverDatagram([22, 254, 253]));
    }

    [Fact]
    public async Task Close_Connected_PeerSeesCloseNotify()
    {
        using var peers = new DtlsTestPeers();
        await peers.HandshakeAsync();

        peers.Client.Close();
        var serverEnd = await peers.Server.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var clientEnd = await peers.Client.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(DtlsCloseReason.CloseNotifyReceived, serverEnd.Reason);
        Assert.Equal(DtlsCloseReason.ClosedLocally, clientEnd.Reason);
        Assert.Equal(DtlsSessionState.Closed, peers.Server.State);
        // The server answered with its own close_notify (RFC 5246 §7.2.1): an encrypted alert record.
        Assert.Contains(peers.ServerToClient.Sent, d => LossyDatagramLink.ContentType(d) == 21 && LossyDatagramLink.Epoch(d) == 1);
    }

    [Fact]
    public async Task Close_ServerSide_ClientSeesCloseNotify()
    {
        using var peers = new DtlsTestPeers();
        await peers.HandshakeAsync();

        peers.Server.Close();
        var clientEnd = await peers.Client.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(DtlsCloseReason.CloseNotifyReceived, clientEnd.Reason);
    }

    [Fact]
    public async Task DeliverDatagram_ForgedRecordsAfterHandshake_IgnoredSessionStaysUp()
    {
        using var peers = new DtlsTestPeers();
        await peers.HandshakeAsync();

        // A fatal handshake_failure alert in epoch 0, as an off-path attacker could send it.
        byte[] forgedAlert = [21, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 99, 0, 2, 2, 40];
        // Epoch-1 records: one too short for a GCM nonce and tag (the engine would raise a fatal
        // decode_error), one of plausible size with a wrong tag (the engine discards it).
        byte[] tooShort = [23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 99, 0, 3, 1, 2, 3];
        var wrongTag = new byte[13 + 40];
        new byte[] { 23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 98, 0, 40 }.CopyTo(wrongTag, 0);
        peers.Server.DeliverDatagram(forgedAlert);
        Assert.False(peers.Server.DeliverDatagram(tooShort));
        peers.Server.DeliverDatagram(wrongTag);
        peers.Client.DeliverDatagram(wrongTag);

        // The session still works: a real close_notify from the client ends it the normal way.
        peers.Client.Close();
        var serverEnd = await peers.Server.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(DtlsCloseReason.CloseNotifyReceived, serverEnd.Reason);
    }

    [Fact]
    public void Constructor_NoRemoteFingerprint_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DtlsSession(
            new DtlsSessionParameters(DtlsRole.Server, DtlsTestPeers.ServerCertificate, []), new DtlsOptions(), new LossyDatagramLink()));
    }

    [Fact]
    public void Constructor_ReceiveLimitBelowChromiumClientHello_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsSession(
            new DtlsSessionParameters(DtlsRole.Server, DtlsTestPeers.ServerCertificate, [DtlsTestPeers.ClientCertificate.Fingerprint]),
            new DtlsOptions { ReceiveLimit = 1200 },
            new LossyDatagramLink()));
    }
}
