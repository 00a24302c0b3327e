using System.Buffers.Binary;

namespace Bridgehead.Rtp.Rtcp;

/// <summary>
/// RTPFB and PSFB (RFC 4585 §6.1): feedback message type, sender and media source, and the
/// feedback control information (NACK pairs, FIR entries, REMB ...) left to the caller.
/// </summary>
public readonly ref struct RtcpFeedback
{
    /// <summary>RTPFB FMT 1: generic NACK (RFC 4585 §6.2.1).</summary>
    public const int GenericNack = 1;

    /// <summary>PSFB FMT 1: picture loss indication (RFC 4585 §6.3.1).</summary>
    public const int PictureLossIndication = 1;

    /// <summary>PSFB FMT 4: full intra request (RFC 5104 §4.3.1).</summary>
    public const int FullIntraRequest = 4;

    /// <summary>PSFB FMT 15: application layer feedback (REMB).</summary>
    public const int ApplicationLayer = 15;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpFeedback(ReadOnlySpan<byte> body, RtcpPacketType packetType, int format)
    {
        _body = body;
        PacketType = packetType;
        Format = format;
    }

    /// <summary>TransportFeedback (RTPFB) or PayloadFeedback (PSFB).</summary>
    public RtcpPacketType PacketType { get; }

    /// <summary>The FMT field.</summary>
    public int Format { get; }

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    public ReadOnlySpan<byte> FeedbackControlInformation => _body.Slice(8);

    internal static bool TryRead(RtcpPacket packet, out RtcpFeedback feedback)
    {
        feedback = default;
        if (packet.PacketType is not (RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadFeedback) || packet.Body.Length < 8)
        {
            return false;
        }

        feedback = new RtcpFeedback(packet.Body, packet.PacketType, packet.Count);
        return true;
    }
}
