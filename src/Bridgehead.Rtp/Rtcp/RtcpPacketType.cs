namespace Bridgehead.Rtp.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611).</summary>
public enum RtcpPacketType
{
    SenderReport = 200,
    ReceiverReport = 201,
    SourceDescription = 202,
    Goodbye = 203,
    ApplicationDefined = 204,

    /// <summary>RTPFB: generic NACK, TMMBR, transport-wide CC.</summary>
    TransportFeedback = 205,

    /// <summary>PSFB: PLI, SLI, RPSI, FIR, REMB.</summary>
    PayloadFeedback = 206,
    ExtendedReport = 207,
}
