using System.Buffers.Binary;

namespace Bridgehead.Rtp.Rtcp;

/// <summary>APP (RFC 3550 §6.7): subtype, SSRC, four ASCII name bytes and application data.</summary>
public readonly ref struct RtcpApplicationDefined
{
    private readonly ReadOnlySpan<byte> _body;

    private RtcpApplicationDefined(ReadOnlySpan<byte> body, int subtype)
    {
        _body = body;
        Subtype = subtype;
    }

    public int Subtype { get; }

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public ReadOnlySpan<byte> Name => _body.Slice(4, 4);

    public ReadOnlySpan<byte> ApplicationData => _body.Slice(8);

    internal static bool TryRead(RtcpPacket packet, out RtcpApplicationDefined app)
    {
        app = default;
        if (packet.PacketType != RtcpPacketType.ApplicationDefined || packet.Body.Length < 8)
        {
            return false;
        }

        app = new RtcpApplicationDefined(packet.Body, packet.Count);
        return true;
    }
}
