using System.Buffers.Binary;

namespace Bridgehead.Rtp.Rtcp;

/// <summary>BYE (RFC 3550 §6.6): the sources leaving and an optional reason.</summary>
public readonly ref struct RtcpGoodbye
{
    private readonly ReadOnlySpan<byte> _body;

    private RtcpGoodbye(ReadOnlySpan<byte> body, int sourceCount)
    {
        _body = body;
        SourceCount = sourceCount;
    }

    public int SourceCount { get; }

    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SourceCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4 * index));
    }

    /// <summary>The UTF-8 reason for leaving, empty when absent or truncated.</summary>
    public ReadOnlySpan<byte> Reason
    {
        get
        {
            var start = 4 * SourceCount;
            if (_body.Length <= start || _body[start] > _body.Length - start - 1)
            {
                return default;
            }

            return _body.Slice(start + 1, _body[start]);
        }
    }

    internal static bool TryRead(RtcpPacket packet, out RtcpGoodbye goodbye)
    {
        goodbye = default;
        if (packet.PacketType != RtcpPacketType.Goodbye || packet.Body.Length < 4 * packet.Count)
        {
            return false;
        }

        goodbye = new RtcpGoodbye(packet.Body, packet.Count);
        return true;
    }
}
