namespace Bridgehead.AppNode.Diagnostics;

/// <summary>
/// Why a step of the debugging checklist failed, named as an engineer would name it after reading
/// the SIP, SDP, ICE and RTP of the step (the field report's manual checklist, PRODUCT.md).
/// </summary>
public enum DoctorCause
{
    /// <summary>Nothing wrong was seen.</summary>
    None,

    /// <summary>A request got no final response in time (the message or its response was lost, or no route).</summary>
    NoResponse,

    /// <summary>REGISTER was refused (401/403 after credentials: wrong user or password).</summary>
    RegistrationRejected,

    /// <summary>The call got a final error response for which nothing more specific was seen.</summary>
    CallRejected,

    /// <summary>
    /// A private or loopback address in c=/o= reached a peer that talks to the edge over a wider
    /// network: the switch's inside address leaked (the seed's `fix_nated_sdp` step).
    /// </summary>
    PrivateAddressInSdp,

    /// <summary>
    /// The switch stored a Contact with ;transport=ws/wss and no Path: it will try to speak
    /// WebSocket to the edge's UDP port, so calls to the user never leave the switch.
    /// </summary>
    WebSocketTransportInStoredContact,

    /// <summary>A browser was offered plain RTP/AVP (no ICE, no DTLS): it refuses with 488/603 ("Failed to get local SDP").</summary>
    AvpOfferedToBrowser,

    /// <summary>
    /// A softphone (or the switch) was offered only a browser's UDP/TLS/RTP/SAVPF: it refuses with
    /// 488 (the seed's `media_webrtc=true` forced on a switch that also serves softphones).
    /// </summary>
    WebRtcOfferedToSoftphone,

    /// <summary>The WebSocket closed while the registration it carried was still valid: the browser is logged out.</summary>
    WebSocketLifetimeShorterThanRegistration,

    /// <summary>ICE connectivity checks between the browser and the relay failed.</summary>
    IceFailed,

    /// <summary>ICE connected but the DTLS handshake (and so SRTP) failed.</summary>
    DtlsFailed,

    /// <summary>The call was set up but no RTP arrived in one direction (or either).</summary>
    NoRtp,

    /// <summary>RTP arrived but its payload was silence.</summary>
    SilentAudio,

    /// <summary>The echo application answered, but the caller's own audio did not come back.</summary>
    EchoMissing,
}
