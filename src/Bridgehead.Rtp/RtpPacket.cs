using System.Buffers.Binary;

namespace Bridgehead.Rtp;

/// <summary>
/// A read-only view of an RTP packet (RFC 3550 §5.1): header fields are read from the bytes on
/// demand, the payload is a slice. For SRTP, where the padding count is encrypted, use
/// <see cref="TryGetHeaderLength"/> instead of <see cref="TryParse"/>.
/// </summary>
public readonly ref struct RtpPacket
{
    public const int FixedHeaderLength = 12;
    public const int Version2 = 2;

    private readonly ReadOnlySpan<byte> _data;

    private RtpPacket(ReadOnlySpan<byte> data, int headerLength, int paddingLength)
    {
        _data = data;
        HeaderLength = headerLength;
        PaddingLength = paddingLength;
    }

    public ReadOnlySpan<byte> Data => _data;

    public int Version => _data[0] >> 6;

    public bool HasPadding => (_data[0] & 0x20) != 0;

    public bool HasExtension => (_data[0] & 0x10) != 0;

    public int CsrcCount => _data[0] & 0x0F;

    public bool Marker => (_data[1] & 0x80) != 0;

    public byte PayloadType => (byte)(_data[1] & 0x7F);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_data.Slice(2));

    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(4));

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(8));

    /// <summary>Fixed header, CSRC list and header extension.</summary>
    public int HeaderLength { get; }

    /// <summary>Padding octets at the end, including the count octet itself (0 when P is clear).</summary>
    public int PaddingLength { get; }

    /// <summary>The "defined by profile" field of the header extension (0xBEDE one-byte, 0x100x two-byte, RFC 8285).</summary>
    public ushort ExtensionProfile => HasExtension
        ? BinaryPrimitives.ReadUInt16BigEndian(_data.Slice(FixedHeaderLength + (4 * CsrcCount)))
        : (ushort)0;

    /// <summary>The header extension's body (after its 4-byte header), empty when there is none.</summary>
    public ReadOnlySpan<byte> ExtensionData
    {
        get
        {
            if (!HasExtension)
            {
                return default;
            }

            var start = FixedHeaderLength + (4 * CsrcCount) + 4;
            return _data.Slice(start, HeaderLength - start);
        }
    }

    /// <summary>The payload without padding.</summary>
    public ReadOnlySpan<byte> Payload => _data.Slice(HeaderLength, _data.Length - HeaderLength - PaddingLength);

    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(FixedHeaderLength + (4 * index)));
    }

    /// <summary>Validates header and padding (RFC 3550 Appendix A.1 checks that apply to one packet).</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet, out RtpPacketError error)
    {
        packet = default;
        error = TryGetHeaderLength(data, out var headerLength);
        if (error != RtpPacketError.None)
        {
            return false;
        }

        var padding = 0;
        if ((data[0] & 0x20) != 0)
        {
            padding = data.Length > headerLength ? data[^1] : 0;
            if (padding == 0 || padding > data.Length - headerLength)
            {
                error = RtpPacketError.BadPadding;
                return false;
            }
        }

        packet = new RtpPacket(data, headerLength, padding);
        return true;
    }

    /// <summary>
    /// Validates version, CSRC list and extension bounds and returns the header length, without
    /// looking at the payload (whose last octet is ciphertext in SRTP).
    /// </summary>
    public static RtpPacketError TryGetHeaderLength(ReadOnlySpan<byte> data, out int headerLength)
    {
        headerLength = 0;
        if (data.Length < FixedHeaderLength)
        {
            return RtpPacketError.TooShort;
        }

        if (data[0] >> 6 != Version2)
        {
            return RtpPacketError.BadVersion;
        }

        var length = FixedHeaderLength + (4 * (data[0] & 0x0F));
        if (length > data.Length)
        {
            return RtpPacketError.CsrcOverrun;
        }

        if ((data[0] & 0x10) != 0)
        {
            if (length + 4 > data.Length)
            {
                return RtpPacketError.ExtensionOverrun;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(data.Slice(length + 2)));
            if (length > data.Length)
            {
                return RtpPacketError.ExtensionOverrun;
            }
        }

        headerLength = length;
        return RtpPacketError.None;
    }
}
