using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Bridgehead.Rtp.Srtp.Crypto;

namespace Bridgehead.Benchmarks.Rtp;

/// <summary>
/// SRTP's authentication tag for one G.711 packet (172 octets plus the 4-octet ROC): this
/// library's HMAC-SHA1 against OpenSSL's through IncrementalHash, as SrtpContext used it before.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[SuppressMessage("Security", "CA5350", Justification = "RFC 3711 §4.2.1: SRTP authenticates with HMAC-SHA1.")]
public class HmacSha1Benchmarks : IDisposable
{
    private readonly byte[] _key = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
    private readonly byte[] _packet = new byte[176];
    private readonly byte[] _mac = new byte[20];
    private HmacSha1 _managed = null!;
    private IncrementalHash _platform = null!;

    [GlobalSetup]
    public void Setup()
    {
        _managed = new HmacSha1(_key);
        _platform = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _key);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _managed.Dispose();
        _platform.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public byte Platform()
    {
        _platform.AppendData(_packet);
        _platform.TryGetHashAndReset(_mac, out _);
        return _mac[0];
    }

    [Benchmark]
    public byte Managed()
    {
        _managed.Compute(_packet, _mac);
        return _mac[0];
    }
}
