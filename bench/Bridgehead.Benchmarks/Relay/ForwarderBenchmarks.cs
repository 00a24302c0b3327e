using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bridgehead.Ng;
using Bridgehead.Relay;
using Bridgehead.Rtp.Sdes;
using Bridgehead.Rtp.Srtp;
using Bridgehead.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridgehead.Benchmarks.Relay;

/// <summary>
/// The relay's per-packet path (Forwarder.Process) for a G.711 packet (12 + 160 octets) of a call
/// set up by offer/answer, sockets left out: plain RTP to RTP, SRTP (SDES) to RTP, and RTP to
/// SRTP. Goal: 0 B allocated per packet; the time is what the relay adds to the kernel's
/// receive and send. SrtpToRtp includes the phone's protect that makes each packet fresh (replay
/// protection refuses a packet seen before), so it counts one protect more than the relay does.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ForwarderBenchmarks : IDisposable
{
    private const int RtpLength = 12 + 160;

    private readonly ScopedMeterFactory _meters = new();
    private readonly byte[] _packet = new byte[RtpLength + 64];
    private MediaRelay _relay = null!;
    private InMemoryMediaIo _io = null!;
    private SocketAddress _caller = null!;
    private SocketAddress _callee = null!;
    private int _plainFromCaller;
    private int _srtpFromCaller;
    private int _srtpFromCallee;
    private SrtpContext _phone = null!;
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        var options = new RelayOptions { PortMin = 30000, PortMax = 30099 };
        options.Interfaces.Add(new RelayInterfaceOptions { Name = "lo", Address = "127.0.0.1" });
        _relay = new MediaRelay(options, new RelayMetrics(_meters), NullLogger.Instance, TimeProvider.System, events => _io = new InMemoryMediaIo(events, TimeProvider.System), random: null);
        _relay.Start();
        _caller = new IPEndPoint(IPAddress.Loopback, 4000).Serialize();
        _callee = new IPEndPoint(IPAddress.Loopback, 5000).Serialize();

        (_plainFromCaller, _) = Call("plain", null);
        var key = RandomNumberGenerator.GetBytes(30);
        (_srtpFromCaller, _srtpFromCallee) = Call("srtp", new SdesKeyParams { MasterKey = key.AsMemory(0, 16), MasterSalt = key.AsMemory(16, 14) });
        _phone = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, key.AsSpan(0, 16), key.AsSpan(16, 14));
        _io.Tick();

        _packet[0] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), 0x5EED5EED);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _relay.Dispose();
        _phone.Dispose();
        _meters.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public int PlainRtpToRtp()
    {
        _io.Deliver(_plainFromCaller, Next(), _caller);
        return _io.LastSentLength;
    }

    [Benchmark]
    public int SrtpToRtp()
    {
        Stamp();
        _phone.ProtectRtp(_packet, RtpLength, out var length);
        _io.Deliver(_srtpFromCaller, _packet.AsSpan(0, length), _caller);
        return _io.LastSentLength;
    }

    [Benchmark]
    public int RtpToSrtp()
    {
        _io.Deliver(_srtpFromCallee, Next(), _callee);
        return _io.LastSentLength;
    }

    private ReadOnlySpan<byte> Next()
    {
        Stamp();
        return _packet.AsSpan(0, RtpLength);
    }

    private void Stamp()
    {
        _sequence++;
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), _sequence);
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(4), _sequence * 160u);
    }

    /// <summary>Offer from the caller (SRTP when keyed), answer from the callee (plain); the relay ports each sends to.</summary>
    private (int FromCaller, int FromCallee) Call(string callId, SdesKeyParams? callerKey)
    {
        var offer = new NgOfferCommand(callId, "a", Sdp(4000, callerKey)) { Flags = ["trust-address"], Ice = NgIceMode.Remove, TransportProtocol = "RTP/AVP" };
        var toCallee = Port(_relay.Offer(offer));
        var answer = new NgAnswerCommand(callId, "a", "b", Sdp(5000, null)) { Flags = ["trust-address"], Ice = NgIceMode.Remove };
        var toCaller = Port(_relay.Answer(answer));
        return (toCaller, toCallee);
    }

    private static byte[] Sdp(int port, SdesKeyParams? key)
    {
        var sdp = new StringBuilder()
            .Append("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n")
            .Append(CultureInfo.InvariantCulture, $"m=audio {port} {(key is null ? "RTP/AVP" : "RTP/SAVP")} 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n");
        if (key is not null)
        {
            sdp.Append("a=crypto:1 AES_CM_128_HMAC_SHA1_80 ").Append(key.Format()).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(sdp.ToString());
    }

    private static int Port(NgReply reply)
    {
        var sdp = ((NgSdpReply)reply).SdpText;
        var at = sdp.IndexOf("m=audio ", StringComparison.Ordinal) + 8;
        return int.Parse(sdp.AsSpan(at, sdp.IndexOf(' ', at) - at), CultureInfo.InvariantCulture);
    }
}
