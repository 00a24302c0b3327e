namespace Bridgehead.Sdp;

/// <summary>
/// Transport protocols of an m= line and what they imply for a relay that translates between
/// them: browsers use UDP/TLS/RTP/SAVPF (RFC 5764, RFC 8827), switches and softphones RTP/AVP.
/// </summary>
public static class SdpProtocol
{
    public const string RtpAvp = "RTP/AVP";
    public const string RtpAvpf = "RTP/AVPF";
    public const string RtpSavp = "RTP/SAVP";
    public const string RtpSavpf = "RTP/SAVPF";
    public const string UdpTlsRtpSavp = "UDP/TLS/RTP/SAVP";
    public const string UdpTlsRtpSavpf = "UDP/TLS/RTP/SAVPF";
    public const string UdpDtlsSctp = "UDP/DTLS/SCTP";

    /// <summary>RTP carried over UDP in any profile (the payload formats are RTP payload types).</summary>
    public static bool IsRtp(string protocol) =>
        protocol.StartsWith("RTP/", StringComparison.OrdinalIgnoreCase)
        || protocol.StartsWith("UDP/TLS/RTP/", StringComparison.OrdinalIgnoreCase);

    /// <summary>SRTP profiles (SAVP, SAVPF), keyed by SDES or DTLS.</summary>
    public static bool IsSecure(string protocol) =>
        IsRtp(protocol) && protocol.Contains("/SAVP", StringComparison.OrdinalIgnoreCase);

    /// <summary>Keys come from a DTLS handshake (RFC 5764 §8): the UDP/TLS/… profiles.</summary>
    public static bool IsDtls(string protocol) =>
        protocol.StartsWith("UDP/TLS/", StringComparison.OrdinalIgnoreCase)
        || protocol.StartsWith("UDP/DTLS/", StringComparison.OrdinalIgnoreCase);

    /// <summary>RTCP feedback profiles (AVPF, SAVPF; RFC 4585).</summary>
    public static bool HasFeedback(string protocol) =>
        IsRtp(protocol) && protocol.EndsWith("PF", StringComparison.OrdinalIgnoreCase);
}
