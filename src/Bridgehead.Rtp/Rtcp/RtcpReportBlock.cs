using System.Buffers.Binary;

namespace Bridgehead.Rtp.Rtcp;

/// <summary>A reception report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes.</summary>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    internal static RtcpReportBlock Read(ReadOnlySpan<byte> block)
    {
        // Cumulative lost is a signed 24-bit value: duplicates can make it negative.
        var lost = (int)(BinaryPrimitives.ReadUInt32BigEndian(block.Slice(4)) << 8) >> 8;
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(block),
            block[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(block.Slice(8)),
            BinaryPrimitives.ReadUInt32BigEndian(block.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(block.Slice(16)),
            BinaryPrimitives.ReadUInt32BigEndian(block.Slice(20)));
    }
}
