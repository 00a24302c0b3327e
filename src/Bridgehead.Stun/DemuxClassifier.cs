namespace Bridgehead.Stun;

/// <summary>What a datagram on a multiplexed media port is (RFC 7983 §7, RFC 5761 §4).</summary>
public enum DemuxPacketKind
{
    /// <summary>Matches no range, or too short for its kind: drop.</summary>
    Unknown = 0,
    Stun,
    Zrtp,
    Dtls,
    TurnChannel,
    Rtp,
    Rtcp,
}

/// <summary>
/// Sorts a datagram on a port shared by STUN, DTLS and RTP/RTCP by its first byte (RFC 7983 §7:
/// 0-3 STUN, 16-19 ZRTP, 20-63 DTLS, 64-79 TURN channel, 128-191 RTP/RTCP) and tells RTCP from
/// RTP with rtcp-mux by the second byte (RFC 5761 §4: packet types 192-223 are RTCP, which keeps
/// RTP payload types 64-95 out of use). Minimum lengths are the fixed headers of each kind.
/// </summary>
public static class DemuxClassifier
{
    public static DemuxPacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return DemuxPacketKind.Unknown;
        }

        var first = datagram[0];
        return first switch
        {
            <= 3 => datagram.Length >= StunMessage.HeaderLength ? DemuxPacketKind.Stun : DemuxPacketKind.Unknown,
            >= 16 and <= 19 => DemuxPacketKind.Zrtp,
            >= 20 and <= 63 => datagram.Length >= 13 ? DemuxPacketKind.Dtls : DemuxPacketKind.Unknown,
            >= 64 and <= 79 => datagram.Length >= 4 ? DemuxPacketKind.TurnChannel : DemuxPacketKind.Unknown,
            >= 128 and <= 191 => ClassifyRtp(datagram),
            _ => DemuxPacketKind.Unknown,
        };
    }

    private static DemuxPacketKind ClassifyRtp(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 2)
        {
            return DemuxPacketKind.Unknown;
        }

        var packetType = datagram[1];
        if (packetType is >= 192 and <= 223)
        {
            return datagram.Length >= 8 ? DemuxPacketKind.Rtcp : DemuxPacketKind.Unknown;
        }

        return datagram.Length >= 12 ? DemuxPacketKind.Rtp : DemuxPacketKind.Unknown;
    }
}
