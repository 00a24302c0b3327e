using Bridgehead.Sip;

namespace Bridgehead.Routing.Media;

/// <summary>What a party of a call speaks for media, which decides the ng flags towards it.</summary>
public enum MediaLegKind
{
    /// <summary>A softphone or a switch: RTP/AVP, no ICE, RTCP on its own port.</summary>
    Plain,

    /// <summary>A browser: UDP/TLS/RTP/SAVPF with ICE, DTLS-SRTP and rtcp-mux.</summary>
    WebRtc,
}

/// <summary>Which kind each side of a call is, from what it is (PRODUCT.md flow 5).</summary>
public static class MediaLegKinds
{
    /// <summary>
    /// The party a message comes from: a WebSocket user is a browser, and so is any peer whose
    /// own SDP is WebRTC; everything else speaks plain RTP.
    /// </summary>
    public static MediaLegKind OfSender(SipTransportKind transport, ReadOnlySpan<byte> sdp) =>
        transport.IsWebSocket() || SdpBody.IsWebRtc(sdp) ? MediaLegKind.WebRtc : MediaLegKind.Plain;

    /// <summary>
    /// The party a message is sent to, known only by the transport it leaves on: a WebSocket user
    /// gets WebRTC media; a softphone or switch over UDP/TCP/TLS gets RTP/AVP (a switch that is
    /// offered SAVPF answers 488, PRODUCT.md flow 5).
    /// </summary>
    public static MediaLegKind OfReceiver(SipTransportKind transport) =>
        transport.IsWebSocket() ? MediaLegKind.WebRtc : MediaLegKind.Plain;
}
