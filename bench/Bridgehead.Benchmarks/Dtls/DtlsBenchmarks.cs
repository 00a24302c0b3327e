using BenchmarkDotNet.Attributes;
using Bridgehead.Dtls;

namespace Bridgehead.Benchmarks.Dtls;

/// <summary>
/// What a browser leg costs the relay before media flows: a P-256 certificate (once per process,
/// or per call) and a full DTLS 1.2 handshake with use_srtp and key export, both ends in process
/// over an in-memory link (so twice the server's CPU, no network delay).
/// </summary>
[MemoryDiagnoser]
public class DtlsBenchmarks
{
    private readonly DtlsCertificateOptions _certificateOptions = new();
    private DtlsCertificate _client = null!;
    private DtlsCertificate _server = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = DtlsCertificate.Generate(_certificateOptions, TimeProvider.System);
        _server = DtlsCertificate.Generate(_certificateOptions, TimeProvider.System);
    }

    [Benchmark]
    public DtlsCertificate GenerateCertificate() => DtlsCertificate.Generate(_certificateOptions, TimeProvider.System);

    [Benchmark]
    public async Task<DtlsSrtpKeys> Handshake()
    {
        var toServer = new Link();
        var toClient = new Link();
        using var client = new DtlsSession(new DtlsSessionParameters(DtlsRole.Client, _client, [_server.Fingerprint]), new DtlsOptions(), toServer);
        using var server = new DtlsSession(new DtlsSessionParameters(DtlsRole.Server, _server, [_client.Fingerprint]), new DtlsOptions(), toClient);
        toServer.Target = server;
        toClient.Target = client;
        var serverResult = server.HandshakeAsync();
        var clientResult = await client.HandshakeAsync();
        await serverResult;
        return clientResult.Keys ?? throw new InvalidOperationException(clientResult.ToString());
    }

    private sealed class Link : IDtlsDatagramSender
    {
        public DtlsSession? Target { get; set; }

        public void Send(ReadOnlySpan<byte> datagram) => Target?.DeliverDatagram(datagram);
    }
}
