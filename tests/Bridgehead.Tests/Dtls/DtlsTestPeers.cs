using Bridgehead.Dtls;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Tests.Dtls;

/// <summary>A client and a server session wired to each other through two lossy links.</summary>
internal sealed class DtlsTestPeers : IDisposable
{
    // One certificate each for the whole test run: generation is not what these tests are about.
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    public static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate(new DtlsCertificateOptions { CommonName = "client" }, Clock);
    public static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate(new DtlsCertificateOptions { CommonName = "server" }, Clock);

    public DtlsTestPeers(
        DtlsOptions? clientOptions = null,
        DtlsOptions? serverOptions = null,
        Func<int, byte[], LinkVerdict>? clientToServer = null,
        Func<int, byte[], LinkVerdict>? serverToClient = null,
        DtlsFingerprint? clientExpects = null,
        DtlsFingerprint? serverExpects = null)
    {
        ClientToServer = new LossyDatagramLink(clientToServer);
        ServerToClient = new LossyDatagramLink(serverToClient);
        Client = new DtlsSession(
            new DtlsSessionParameters(DtlsRole.Client, ClientCertificate, [clientExpects ?? ServerCertificate.Fingerprint]),
            clientOptions ?? FastOptions(),
            ClientToServer);
        Server = new DtlsSession(
            new DtlsSessionParameters(DtlsRole.Server, ServerCertificate, [serverExpects ?? ClientCertificate.Fingerprint]),
            serverOptions ?? FastOptions(),
            ServerToClient);
        ClientToServer.Target = Server;
        ServerToClient.Target = Client;
    }

    public LossyDatagramLink ClientToServer { get; }

    public LossyDatagramLink ServerToClient { get; }

    public DtlsSession Client { get; }

    public DtlsSession Server { get; }

    /// <summary>Short retransmission timer so lossy cases finish quickly; generous overall timeout for a busy 2-core box.</summary>
    public static DtlsOptions FastOptions(params SrtpProtectionProfile[] profiles) => new()
    {
        SrtpProfiles = profiles.Length == 0 ? [.. SrtpProtectionProfiles.DefaultPreference] : [.. profiles],
        InitialRetransmitTimeout = TimeSpan.FromMilliseconds(50),
        HandshakeTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Starts both handshakes and waits for both results, bounded in time.</summary>
    public async Task<(DtlsHandshakeResult Client, DtlsHandshakeResult Server)> HandshakeAsync()
    {
        var server = Server.HandshakeAsync(TestContext.Current.CancellationToken);
        var client = Client.HandshakeAsync(TestContext.Current.CancellationToken);
        var results = await Task.WhenAll(client, server).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return (results[0], results[1]);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
