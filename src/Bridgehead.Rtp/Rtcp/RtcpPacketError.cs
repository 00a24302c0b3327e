namespace Bridgehead.Rtp.Rtcp;

/// <summary>Why bytes are not a valid RTCP packet or compound packet (RFC 3550 §6.1, Appendix A.2).</summary>
public enum RtcpPacketError
{
    None = 0,

    /// <summary>Fewer than the 4 header bytes remain, or a typed view needs more than the packet has.</summary>
    TooShort,

    /// <summary>Version is not 2.</summary>
    BadVersion,

    /// <summary>The length field points past the end of the datagram.</summary>
    LengthOverrun,

    /// <summary>The P bit is set on a packet that is not the last, or the padding count is impossible.</summary>
    BadPadding,

    /// <summary>A compound packet does not start with SR or RR (RFC 3550 §6.1; RFC 5506 relaxes this).</summary>
    FirstNotReport,

    /// <summary>The count field promises more report blocks or SSRCs than the packet holds.</summary>
    CountOverrun,
}
