using System.Buffers.Binary;

namespace Bridgehead.Rtp.Rtcp;

/// <summary>
/// In-place SSRC rewrites of one RTCP packet, for a relay that renumbers streams: the sender SSRC
/// (first word of every type) and the SSRCs a packet reports on (report blocks, feedback media
/// source). The caller has validated the packet with <see cref="RtcpCompoundReader"/>.
/// </summary>
public static class RtcpHeader
{
    public static void SetSenderSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(RtcpPacket.HeaderLength), ssrc);

    /// <summary>The media source of an RTPFB/PSFB packet.</summary>
    public static void SetFeedbackMediaSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(RtcpPacket.HeaderLength + 4), ssrc);

    /// <summary>The source of report block <paramref name="index"/> of an SR or RR.</summary>
    public static void SetReportBlockSsrc(Span<byte> packet, int index, uint ssrc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, packet[0] & 0x1F);
        var blocksStart = (RtcpPacketType)packet[1] == RtcpPacketType.SenderReport ? 28 : 8;
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(blocksStart + (index * RtcpReportBlock.Length)), ssrc);
    }
}
