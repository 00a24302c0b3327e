using System.Buffers.Binary;
using System.Net;
using Bridgehead.Codecs;
using Bridgehead.Rtp;
using Bridgehead.Sdp;

namespace Bridgehead.AppNode.Media;

/// <summary>
/// One call's audio stream as the node sends and receives it: the socket, what offer/answer
/// settled, the node's SSRC, sequence numbers and timestamps (RFC 3550 §5.1), and where packets
/// go. The node latches to the address media really comes from (symmetric RTP, RFC 4961), as
/// a switch behind NAT must: until the first packet it sends to the SDP address.
/// </summary>
public sealed class RtpSession : IDisposable
{
    /// <summary>Packets from a new source before the stream moves to it (a stray packet must not steal the stream).</summary>
    private const int RelatchPackets = 5;

    private readonly IRtpSocket _socket;
    private readonly byte[] _send = new byte[1500];
    private readonly short[] _pcm = new short[160];
    private readonly Lock _lock = new();
    private NegotiatedMedia _media;
    private IAudioEncoder _encoder;
    private IPEndPoint? _latched;
    private IPEndPoint? _candidate;
    private int _candidateCount;
    private ushort _sequence;
    private readonly uint _timestampBase;
    private long _firstTick = -1;
    private bool _marker = true;
    private bool _echoMapped;
    private ushort _echoSequenceOffset;
    private uint _echoTimestampOffset;

    public RtpSession(IRtpSocket socket, NegotiatedMedia media, uint ssrc, ushort firstSequence, uint timestampBase)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(media);
        _socket = socket;
        _media = media;
        _encoder = AudioCodecs.CreateEncoder(media.Codec);
        Ssrc = ssrc;
        _sequence = firstSequence;
        _timestampBase = timestampBase;
    }

    public IPEndPoint LocalEndPoint => _socket.LocalEndPoint;

    public uint Ssrc { get; }

    public NegotiatedMedia Media => Volatile.Read(ref _media);

    /// <summary>Where packets go now: the latched source, else the SDP address.</summary>
    public IPEndPoint? Target => Volatile.Read(ref _latched) ?? Media.Remote;

    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>When the last RTP packet arrived (UTC ticks), or 0.</summary>
    public long LastReceivedTicks => Interlocked.Read(ref _lastReceived);

    private long _packetsReceived;
    private long _packetsSent;
    private long _lastReceived;

    public void Start(IRtpReceiver receiver) => _socket.Start(receiver);

    /// <summary>A re-INVITE changed the remote address, codec or direction.</summary>
    public void Update(NegotiatedMedia media)
    {
        lock (_lock)
        {
            if (media.Codec != _media.Codec)
            {
                _encoder.Dispose();
                _encoder = AudioCodecs.CreateEncoder(media.Codec);
            }

            if (!Equals(media.Remote, _media.Remote))
            {
                // A new address from signalling overrides what was latched (RFC 4961 §3 holds only while the peer keeps its port).
                _latched = null;
                _candidate = null;
                _candidateCount = 0;
            }

            _media = media;
        }
    }

    /// <summary>Notes a received packet's source and time; returns false when it is not a valid RTP packet.</summary>
    public bool Receive(ReadOnlySpan<byte> packet, IPEndPoint source, long nowTicks, out RtpPacket rtp)
    {
        if (!RtpPacket.TryParse(packet, out rtp, out _))
        {
            return false;
        }

        Interlocked.Increment(ref _packetsReceived);
        Interlocked.Exchange(ref _lastReceived, nowTicks);
        lock (_lock)
        {
            if (_latched is null)
            {
                _latched = source;
            }
            else if (!ReferenceEquals(source, _latched) && !source.Equals(_latched))
            {
                if (_candidate is not null && source.Equals(_candidate))
                {
                    if (++_candidateCount >= RelatchPackets)
                    {
                        _latched = source;
                        _candidate = null;
                    }
                }
                else
                {
                    _candidate = source;
                    _candidateCount = 1;
                }
            }
            else
            {
                _candidateCount = 0;
            }
        }

        return true;
    }

    /// <summary>
    /// Sends a received packet back to where it came from, as the node's own stream: same
    /// payload, payload type and marker, the node's SSRC, and the sender's sequence numbers and
    /// timestamps shifted by a constant, so gaps and timing are mirrored exactly.
    /// </summary>
    public bool Echo(in RtpPacket packet)
    {
        var target = Target;
        if (target is null || !Media.Direction.Sends())
        {
            return false;
        }

        lock (_lock)
        {
            if (!_echoMapped)
            {
                _echoMapped = true;
                _echoSequenceOffset = (ushort)(_sequence - packet.SequenceNumber);
                _echoTimestampOffset = _timestampBase - packet.Timestamp;
            }

            var payload = packet.Payload;
            var length = WriteHeader(packet.PayloadType, (ushort)(packet.SequenceNumber + _echoSequenceOffset), packet.Timestamp + _echoTimestampOffset, packet.Marker);
            payload.CopyTo(_send.AsSpan(length));
            return SendLocked(length + payload.Length, target);
        }
    }

    /// <summary>Encodes and sends one 20 ms frame of 8 kHz PCM for clock tick <paramref name="tick"/>.</summary>
    public bool SendFrame(ReadOnlySpan<short> pcm, long tick)
    {
        var target = Target;
        if (target is null || !Media.Sends)
        {
            return false;
        }

        lock (_lock)
        {
            if (_firstTick < 0)
            {
                _firstTick = tick;
            }

            var timestamp = _timestampBase + (uint)((tick - _firstTick) * pcm.Length);
            var header = WriteHeader((byte)Media.PayloadType, _sequence++, timestamp, _marker);
            _marker = false;
            if (_encoder.Encode(pcm, _send.AsSpan(header), out var length) != CodecStatus.Done)
            {
                return false;
            }

            return SendLocked(header + length, target!);
        }
    }

    /// <summary>Sends a frame of silence (comfort for peers that drop a stream that never started).</summary>
    public bool SendSilence(long tick)
    {
        _pcm.AsSpan().Clear();
        return SendFrame(_pcm, tick);
    }

    public void Dispose()
    {
        _socket.Dispose();
        _encoder.Dispose();
    }

    private int WriteHeader(byte payloadType, ushort sequence, uint timestamp, bool marker)
    {
        _send[0] = 0x80; // V=2, no padding, no extension, no CSRC
        _send[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(_send.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(_send.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(_send.AsSpan(8), Ssrc);
        return RtpPacket.FixedHeaderLength;
    }

    private bool SendLocked(int length, IPEndPoint target)
    {
        if (!_socket.Send(_send.AsSpan(0, length), target))
        {
            return false;
        }

        Interlocked.Increment(ref _packetsSent);
        return true;
    }
}
