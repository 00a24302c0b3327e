using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Bridgehead.Rtp.Srtp.Crypto;

namespace Bridgehead.Benchmarks.Rtp;

/// <summary>
/// SRTP's authentication tag for one G.711 packet (172 octets plus the 4-octet ROC): this
/// library's HMAC-SHA1 with OpenSSL's SHA-1 block function and with its managed compression,
/// against OpenSSL's HMAC through IncrementalHash and the one-shot HMACSHA1.HashData.
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
    private HmacSha1 _libCrypto = null!;
    private IncrementalHash _platform = null!;

    [GlobalSetup]
    public void Setup()
    {
        _managed = new HmacSha1(_key, useLibCrypto: false);
        _libCrypto = new HmacSha1(_key);
        _platform = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _key);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _managed.Dispose();
        _libCrypto.Dispose();
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

    [Benchmark]
    public byte PlatformOneShot()
    {
        HMACSHA1.HashData(_key, _packet, _mac);
        return _mac[0];
    }

    [Benchmark]
    public byte LibCryptoBlocks()
    {
        _libCrypto.Compute(_packet, _mac);
        return _mac[0];
    }
}
