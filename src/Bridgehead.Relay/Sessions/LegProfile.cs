namespace Bridgehead.Relay.Sessions;

/// <summary>How media of a leg is protected.</summary>
internal enum MediaSecurity
{
    /// <summary>Plain RTP/AVP: FreeSWITCH, Asterisk, most softphones.</summary>
    None,

    /// <summary>SRTP keyed by a=crypto (RFC 4568): softphones that encrypt.</summary>
    Sdes,

    /// <summary>SRTP keyed by a DTLS handshake on the media path (RFC 5763/5764): browsers.</summary>
    Dtls,
}

/// <summary>
/// What the relay speaks with one leg on one stream: the m= protocol, SRTP keying, ICE-lite, and
/// RTCP multiplexing. A browser leg is UDP/TLS/RTP/SAVPF + DTLS + ICE + rtcp-mux; a switch leg
/// RTP/AVP with none of them.
/// </summary>
internal sealed record LegProfile(string Protocol, MediaSecurity Security, bool Ice, bool RtcpMux)
{
    /// <summary>The leg is a WebRTC endpoint: it gets a=mid and, for a single stream, BUNDLE.</summary>
    public bool IsWebRtc => Ice || Security == MediaSecurity.Dtls;

    public bool HasFeedback => Bridgehead.Sdp.SdpProtocol.HasFeedback(Protocol);
}
