using Bridgehead.Dtls;

namespace Bridgehead.Tests.Dtls;

/// <summary>The handshake over a fake link that loses, duplicates and reorders datagrams; BouncyCastle's retransmission must see it through.</summary>
public sealed class DtlsSessionLossyLinkTests
{
    [Fact]
    public async Task HandshakeAsync_EveryThirdDatagramLostBothWays_Completes()
    {
        using var peers = new DtlsTestPeers(
            clientToServer: (i, _) => i % 3 == 1 ? LinkVerdict.Drop : LinkVerdict.Deliver,
            serverToClient: (i, _) => i % 3 == 2 ? LinkVerdict.Drop : LinkVerdict.Deliver);

        var (client, server) = await peers.HandshakeAsync();

        AssertKeysMatch(client, server);
        Assert.True(peers.ClientToServer.Sent.Count > 5, "retransmissions expected");
    }

    [Fact]
    public async Task HandshakeAsync_EveryDatagramDuplicated_Completes()
    {
        using var peers = new DtlsTestPeers(
            clientToServer: (_, _) => LinkVerdict.Duplicate,
            serverToClient: (_, _) => LinkVerdict.Duplicate);

        var (client, server) = await peers.HandshakeAsync();

        AssertKeysMatch(client, server);
    }

    [Fact]
    public async Task HandshakeAsync_AdjacentDatagramsSwapped_Completes()
    {
        using var peers = new DtlsTestPeers(
            clientToServer: (i, _) => i % 2 == 0 ? LinkVerdict.Reorder : LinkVerdict.Deliver,
            serverToClient: (i, _) => i % 2 == 0 ? LinkVerdict.Reorder : LinkVerdict.Deliver);

        var (client, server) = await peers.HandshakeAsync();

        AssertKeysMatch(client, server);
    }

    [Fact]
    public async Task HandshakeAsync_RandomLossDuplicationAndReordering_Completes()
    {
        // The verdict depends on the datagram's content and how often it was seen, not on a
        // random stream: on a loaded machine the number of retransmissions varies, and a shared
        // random sequence would then lose different datagrams every run. A datagram is lost,
        // duplicated or reordered at most on its first sending, so the handshake always can finish.
        var seen = new Dictionary<int, int>();
        LinkVerdict Chaos(int index, byte[] datagram)
        {
            var hash = Fnv(datagram);
            var count = seen.TryGetValue(hash, out var n) ? n : 0;
            seen[hash] = count + 1;
            return count > 0 ? LinkVerdict.Deliver : (hash % 10) switch
            {
                0 or 1 => LinkVerdict.Drop,
                2 => LinkVerdict.Duplicate,
                3 => LinkVerdict.Reorder,
                _ => LinkVerdict.Deliver,
            };
        }

        using var peers = new DtlsTestPeers(clientToServer: Chaos, serverToClient: Chaos);

        var (client, server) = await peers.HandshakeAsync();

        AssertKeysMatch(client, server);
    }

    [Fact]
    public async Task HandshakeAsync_ServerFinalFlightLost_ServerAnswersClientRetransmissionAfterCompleting()
    {
        // The server's last flight is ChangeCipherSpec (epoch 0) then Finished (epoch 1). Lose the
        // first copy of both: the server has completed, the client has not, so the client
        // retransmits its flight and the already connected server must send its flight again.
        var lostFinished = 0;
        using var peers = new DtlsTestPeers(serverToClient: (_, datagram) =>
        {
            var isChangeCipherSpec = LossyDatagramLink.ContentType(datagram) == 20;
            var isFinished = LossyDatagramLink.ContentType(datagram) == 22 && LossyDatagramLink.Epoch(datagram) == 1;
            return (isChangeCipherSpec || isFinished) && lostFinished++ < 2 ? LinkVerdict.Drop : LinkVerdict.Deliver;
        });

        var (client, server) = await peers.HandshakeAsync();

        AssertKeysMatch(client, server);
        var serverFinishedSent = peers.ServerToClient.Sent.Count(d => LossyDatagramLink.ContentType(d) == 22 && LossyDatagramLink.Epoch(d) == 1);
        Assert.True(serverFinishedSent >= 2, $"the server sent Finished {serverFinishedSent} time(s)");
        Assert.Equal(DtlsSessionState.Connected, peers.Server.State);
    }

    [Fact]
    public async Task HandshakeAsync_ClientCertificateVerifyLostOnce_ServerWaitsForItsRetransmission()
    {
        // The client's ChangeCipherSpec then arrives before its CertificateVerify; without holding
        // it back the server would switch epochs and drop the retransmitted CertificateVerify.
        var lost = 0;
        using var peers = new DtlsTestPeers(clientToServer: (_, datagram) =>
            LossyDatagramLink.ContentType(datagram) == 22 && LossyDatagramLink.Epoch(datagram) == 0 && datagram[13] == 15 && lost++ == 0
                ? LinkVerdict.Drop
                : LinkVerdict.Deliver);

        var (client, server) = await peers.HandshakeAsync();

        AssertKeysMatch(client, server);
        Assert.True(lost >= 2, $"CertificateVerify sent {lost} time(s): the first copy was lost, a retransmission got through");
    }

    private static void AssertKeysMatch(DtlsHandshakeResult client, DtlsHandshakeResult server)
    {
        Assert.True(client.Succeeded, client.ToString());
        Assert.True(server.Succeeded, server.ToString());
        Assert.Equal(client.Keys.Profile, server.Keys.Profile);
        Assert.Equal(client.Keys.LocalMasterKey.ToArray(), server.Keys.RemoteMasterKey.ToArray());
        Assert.Equal(client.Keys.LocalMasterSalt.ToArray(), server.Keys.RemoteMasterSalt.ToArray());
        Assert.Equal(server.Keys.LocalMasterKey.ToArray(), client.Keys.RemoteMasterKey.ToArray());
        Assert.Equal(server.Keys.LocalMasterSalt.ToArray(), client.Keys.RemoteMasterSalt.ToArray());
    }

    private static int Fnv(byte[] data)
    {
        var h = 2166136261u;
        foreach (var b in data)
        {
            h = (h ^ b) * 16777619u;
        }

        return (int)(h & 0x7fffffff);
    }
}
