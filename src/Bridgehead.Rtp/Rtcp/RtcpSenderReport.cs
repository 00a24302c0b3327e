using System.Buffers.Binary;

namespace Bridgehead.Rtp.Rtcp;

/// <summary>SR (RFC 3550 §6.4.1): sender info and reception report blocks.</summary>
public readonly ref struct RtcpSenderReport
{
    private const int SenderInfoLength = 24;
    private readonly ReadOnlySpan<byte> _body;

    private RtcpSenderReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportCount = reportCount;
    }

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>64-bit NTP timestamp (seconds since 1900 in the high word, fraction in the low word).</summary>
    public ulong NtpTimestamp => BinaryPrimitives.ReadUInt64BigEndian(_body.Slice(4));

    public uint RtpTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(12));

    public uint PacketCount => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(16));

    public uint OctetCount => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(20));

    public int ReportCount { get; }

    public RtcpReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportCount);
        return RtcpReportBlock.Read(_body.Slice(SenderInfoLength + (index * RtcpReportBlock.Length)));
    }

    internal static bool TryRead(RtcpPacket packet, out RtcpSenderReport report)
    {
        report = default;
        var body = packet.Body;
        if (packet.PacketType != RtcpPacketType.SenderReport
            || body.Length < SenderInfoLength + (packet.Count * RtcpReportBlock.Length))
        {
            return false;
        }

        report = new RtcpSenderReport(body, packet.Count);
        return true;
    }
}
