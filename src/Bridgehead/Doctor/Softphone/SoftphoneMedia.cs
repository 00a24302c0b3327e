using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Bridgehead.AppNode.Diagnostics;
using Bridgehead.AppNode.Media;
using Bridgehead.Codecs;
using Bridgehead.Codecs.G711;
using Bridgehead.Rtp;

namespace Bridgehead.Doctor.Softphone;

/// <summary>
/// The doctor softphone's audio: one RTP port, paced G.711 packets of low noise (every payload
/// different, so an echo can be told from any other sound) and counts of what comes back:
/// packets, voiced packets (above the silence threshold), and packets whose payload is one this
/// side sent (its own audio echoed).
/// </summary>
internal sealed class SoftphoneMedia : IDisposable
{
    private const int SamplesPerPacket = 160;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, byte> _sentPayloads = new();
    private readonly Random _random;
    private NegotiatedMedia? _media;
    private Task? _sender;
    private long _sent;
    private long _received;
    private long _voiced;
    private long _echoed;

    public SoftphoneMedia(IPAddress localAddress, Random random)
    {
        _random = random;
        _socket = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(localAddress, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _ = ReceiveAsync();
    }

    public IPEndPoint LocalEndPoint { get; }

    public long PacketsSent => Interlocked.Read(ref _sent);

    public long PacketsReceived => Interlocked.Read(ref _received);

    public long VoicedPacketsReceived => Interlocked.Read(ref _voiced);

    public long EchoedPackets => Interlocked.Read(ref _echoed);

    /// <summary>Starts sending to what offer/answer settled, 50 packets a second until stopped.</summary>
    public void Start(NegotiatedMedia media)
    {
        Volatile.Write(ref _media, media);
        if (media.Sends && _sender is null)
        {
            _sender = SendAsync(media);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task SendAsync(NegotiatedMedia media)
    {
        var packet = new byte[RtpPacket.FixedHeaderLength + SamplesPerPacket];
        var samples = new short[SamplesPerPacket];
        var ssrc = (uint)_random.NextInt64(1, uint.MaxValue);
        var sequence = (ushort)_random.Next(0, ushort.MaxValue);
        var timestamp = (uint)_random.NextInt64(0, uint.MaxValue);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(AppNodeSdp.PacketTimeMs));
        try
        {
            // Bounded by the call: the doctor stops the media when the step ends (at most minutes).
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                packet[0] = 0x80;
                packet[1] = (byte)(media.PayloadType | (sequence == 0 ? 0x80 : 0));
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence++);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
                timestamp += SamplesPerPacket;
                for (var i = 0; i < samples.Length; i++)
                {
                    // Noise around -24 dBFS: well above silence, and never twice the same payload.
                    samples[i] = (short)_random.Next(-2000, 2000);
                }

                var payload = packet.AsSpan(RtpPacket.FixedHeaderLength);
                if (media.Codec == AudioCodec.Pcma)
                {
                    ALaw.Encode(samples, payload);
                }
                else
                {
                    MuLaw.Encode(samples, payload);
                }

                _sentPayloads.TryAdd(Fingerprint(payload), 0);
                if (media.Remote is { } remote)
                {
                    try
                    {
                        _socket.SendTo(packet, remote);
                        Interlocked.Increment(ref _sent);
                    }
                    catch (SocketException)
                    {
                        // ICMP unreachable from the last packet: keep pacing, the count says what went out.
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[2048];
        var any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
                length = result.ReceivedBytes;
            }
            catch (SocketException)
            {
                continue;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            if (!RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet, out _))
            {
                continue;
            }

            var media = Volatile.Read(ref _media);
            if (media is not null && packet.PayloadType != media.PayloadType)
            {
                // telephone-event and comfort noise are not the audio the step is about.
                continue;
            }

            Interlocked.Increment(ref _received);
            if (media is not null && PayloadLevel.IsVoiced(media.Codec, packet.Payload))
            {
                Interlocked.Increment(ref _voiced);
            }

            if (_sentPayloads.ContainsKey(Fingerprint(packet.Payload)))
            {
                Interlocked.Increment(ref _echoed);
            }
        }
    }

    /// <summary>A hash of a payload, good enough to recognise one of a few thousand sent in this process.</summary>
    private static int Fingerprint(ReadOnlySpan<byte> payload)
    {
        var hash = default(HashCode);
        hash.AddBytes(payload);
        return hash.ToHashCode();
    }
}
