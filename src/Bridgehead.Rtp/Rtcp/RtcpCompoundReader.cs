using System.Buffers.Binary;

namespace Bridgehead.Rtp.Rtcp;

/// <summary>
/// Walks the packets of a compound RTCP datagram (RFC 3550 §6.1). <see cref="Validate"/> applies
/// the Appendix A.2 checks to the whole datagram; <see cref="TryReadNext"/> checks each header as
/// it goes.
/// </summary>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _compound;
    private int _offset;

    public RtcpCompoundReader(ReadOnlySpan<byte> compound)
    {
        _compound = compound;
        _offset = 0;
    }

    /// <summary>Offset of the next packet.</summary>
    public readonly int Offset => _offset;

    /// <summary>
    /// Reads the next packet; false with <see cref="RtcpPacketError.None"/> at the end, false with a
    /// reason when the next header is invalid.
    /// </summary>
    public bool TryReadNext(out RtcpPacket packet, out RtcpPacketError error)
    {
        packet = default;
        error = RtcpPacketError.None;
        var rest = _compound.Slice(_offset);
        if (rest.IsEmpty)
        {
            return false;
        }

        if (rest.Length < RtcpPacket.HeaderLength)
        {
            error = RtcpPacketError.TooShort;
            return false;
        }

        if (rest[0] >> 6 != RtpPacket.Version2)
        {
            error = RtcpPacketError.BadVersion;
            return false;
        }

        var length = (BinaryPrimitives.ReadUInt16BigEndian(rest.Slice(2)) + 1) * 4;
        if (length > rest.Length)
        {
            error = RtcpPacketError.LengthOverrun;
            return false;
        }

        var padding = 0;
        if ((rest[0] & 0x20) != 0)
        {
            // Only the last packet of a compound may be padded (RFC 3550 §6.4.1).
            padding = rest[length - 1];
            if (length != rest.Length || padding == 0 || padding > length - RtcpPacket.HeaderLength)
            {
                error = RtcpPacketError.BadPadding;
                return false;
            }
        }

        packet = new RtcpPacket(rest.Slice(0, length), padding);
        _offset += length;
        return true;
    }

    /// <summary>
    /// Checks a whole compound: every header valid, lengths adding up to the datagram, padding only
    /// on the last packet, and (unless <paramref name="allowReducedSize"/>, RFC 5506) an SR or RR first.
    /// </summary>
    public static RtcpPacketError Validate(ReadOnlySpan<byte> compound, bool allowReducedSize = false)
    {
        if (compound.Length < RtcpPacket.HeaderLength)
        {
            return RtcpPacketError.TooShort;
        }

        var reader = new RtcpCompoundReader(compound);
        var first = true;
        RtcpPacketError error;
        while (reader.TryReadNext(out var packet, out error))
        {
            if (first && !allowReducedSize
                && packet.PacketType is not (RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport))
            {
                return RtcpPacketError.FirstNotReport;
            }

            first = false;
        }

        return error;
    }
}
