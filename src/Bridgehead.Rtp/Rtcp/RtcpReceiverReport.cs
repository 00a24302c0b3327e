using System.Buffers.Binary;

namespace Bridgehead.Rtp.Rtcp;

/// <summary>RR (RFC 3550 §6.4.2): the reporter's SSRC and reception report blocks.</summary>
public readonly ref struct RtcpReceiverReport
{
    private readonly ReadOnlySpan<byte> _body;

    private RtcpReceiverReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportCount = reportCount;
    }

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public int ReportCount { get; }

    public RtcpReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportCount);
        return RtcpReportBlock.Read(_body.Slice(4 + (index * RtcpReportBlock.Length)));
    }

    internal static bool TryRead(RtcpPacket packet, out RtcpReceiverReport report)
    {
        report = default;
        var body = packet.Body;
        if (packet.PacketType != RtcpPacketType.ReceiverReport || body.Length < 4 + (packet.Count * RtcpReportBlock.Length))
        {
            return false;
        }

        report = new RtcpReceiverReport(body, packet.Count);
        return true;
    }
}
