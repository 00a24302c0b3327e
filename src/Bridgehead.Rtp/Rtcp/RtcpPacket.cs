using System.Buffers.Binary;

namespace Bridgehead.Rtp.Rtcp;

/// <summary>
/// One RTCP packet of a compound (RFC 3550 §6.4-6.7, RFC 4585 §6.1): the common header and a
/// body slice; typed views read the fields of each packet type.
/// </summary>
public readonly ref struct RtcpPacket
{
    public const int HeaderLength = 4;

    private readonly ReadOnlySpan<byte> _data;

    internal RtcpPacket(ReadOnlySpan<byte> data, int paddingLength)
    {
        _data = data;
        PaddingLength = paddingLength;
    }

    /// <summary>The whole packet, header and padding included.</summary>
    public ReadOnlySpan<byte> Data => _data;

    public int Version => _data[0] >> 6;

    public bool HasPadding => (_data[0] & 0x20) != 0;

    /// <summary>The 5-bit field: report count (SR/RR), source count (SDES/BYE), subtype (APP) or FMT (feedback).</summary>
    public int Count => _data[0] & 0x1F;

    public RtcpPacketType PacketType => (RtcpPacketType)_data[1];

    /// <summary>Length in bytes, from the header's length-in-words-minus-one field.</summary>
    public int Length => _data.Length;

    public int PaddingLength { get; }

    /// <summary>Everything after the 4-byte header, without padding.</summary>
    public ReadOnlySpan<byte> Body => _data.Slice(HeaderLength, _data.Length - HeaderLength - PaddingLength);

    /// <summary>
    /// The first SSRC after the header: the sender of SR, RR, APP and feedback, the first chunk of
    /// SDES, the first source of BYE. Zero when the body is too short.
    /// </summary>
    public uint Ssrc => Body.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(Body) : 0;

    public bool TryGetSenderReport(out RtcpSenderReport report) => RtcpSenderReport.TryRead(this, out report);

    public bool TryGetReceiverReport(out RtcpReceiverReport report) => RtcpReceiverReport.TryRead(this, out report);

    public bool TryGetSourceDescription(out RtcpSourceDescription description) => RtcpSourceDescription.TryRead(this, out description);

    public bool TryGetGoodbye(out RtcpGoodbye goodbye) => RtcpGoodbye.TryRead(this, out goodbye);

    public bool TryGetApplicationDefined(out RtcpApplicationDefined app) => RtcpApplicationDefined.TryRead(this, out app);

    public bool TryGetFeedback(out RtcpFeedback feedback) => RtcpFeedback.TryRead(this, out feedback);
}
