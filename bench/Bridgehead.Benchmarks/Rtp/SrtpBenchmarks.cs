using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Bridgehead.Rtp.Srtp;

namespace Bridgehead.Benchmarks.Rtp;

/// <summary>
/// One 160-byte-payload RTP packet (20 ms of G.711) protected by one context and unprotected by
/// another: the relay's per-packet cost for one leg in each direction. Goal: under 1 µs, 0 B.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class SrtpBenchmarks
{
    private const int RtpLength = 12 + 160;

    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private readonly byte[] _packet = new byte[RtpLength + 32];
    private readonly byte[] _rtcp = new byte[32 + 32];
    private ushort _sequence;

    [Params(SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    /// <summary>false: this library's AES-NI/PCLMULQDQ code; true: System.Security.Cryptography (OpenSSL).</summary>
    [Params(false, true)]
    public bool PlatformCrypto { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var info = SrtpProfiles.Get(Profile);
        var key = Enumerable.Range(1, info.MasterKeyLength).Select(i => (byte)i).ToArray();
        var salt = Enumerable.Range(100, info.MasterSaltLength).Select(i => (byte)i).ToArray();
        var policy = new SrtpPolicy { UsePlatformCrypto = PlatformCrypto };
        _sender = new SrtpContext(Profile, key, salt, policy);
        _receiver = new SrtpContext(Profile, key, salt, policy);
        _packet[0] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), 0x11223344);
        _rtcp[0] = 0x81;
        _rtcp[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(_rtcp.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(_rtcp.AsSpan(4), 0x11223344);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Benchmark]
    public SrtpResult ProtectAndUnprotectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), ++_sequence);
        _sender.ProtectRtp(_packet, RtpLength, out var length);
        return _receiver.UnprotectRtp(_packet.AsSpan(0, length), out _);
    }

    [Benchmark]
    public SrtpResult ProtectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), ++_sequence);
        return _sender.ProtectRtp(_packet, RtpLength, out _);
    }

    [Benchmark]
    public SrtpResult ProtectAndUnprotectRtcp()
    {
        _sender.ProtectRtcp(_rtcp, 32, out var length);
        return _receiver.UnprotectRtcp(_rtcp.AsSpan(0, length), out _);
    }
}
