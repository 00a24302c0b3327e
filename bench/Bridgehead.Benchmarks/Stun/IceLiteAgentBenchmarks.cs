using System.Net;
using BenchmarkDotNet.Attributes;
using Bridgehead.Stun;
using Bridgehead.Stun.Ice;

namespace Bridgehead.Benchmarks.Stun;

/// <summary>
/// A browser's connectivity check (USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE,
/// MESSAGE-INTEGRITY, FINGERPRINT) answered by the ICE-lite agent for a pair it already knows:
/// the steady-state consent check every few seconds per stream.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class IceLiteAgentBenchmarks
{
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("203.0.113.7"), 50123);
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly byte[] _response = new byte[256];
    private IceLiteAgent _agent = null!;
    private byte[] _check = null!;

    [GlobalSetup]
    public void Setup()
    {
        const string password = "relaypasswordrelaypass0";
        _agent = new IceLiteAgent(new IceLiteConfig { LocalUfrag = "relay", LocalPassword = password, TieBreaker = 42 });
        using var key = StunIntegrityKey.ForShortTermPassword(password);
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, Convert.FromHexString("a1a2a3a4a5a6a7a8a9aaabac"));
        writer.AddUsername("relay:peer");
        writer.AddPriority(1853824767);
        writer.AddIceControlling(0x0123456789ABCDEF);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        _check = writer.Written.ToArray();
        _agent.Process(_check, Browser, Now, _response);
    }

    [GlobalCleanup]
    public void Cleanup() => _agent.Dispose();

    [Benchmark]
    public int AnswerBindingRequest() => _agent.Process(_check, Browser, Now, _response).ResponseLength;

    [Benchmark]
    public DemuxPacketKind ClassifyDatagram() => DemuxClassifier.Classify(_check);
}
