using System.Net;
using Bridgehead.Codecs;
using Bridgehead.Sdp;

namespace Bridgehead.AppNode.Media;

/// <summary>What offer/answer settled for the one audio stream of a call.</summary>
/// <param name="Remote">Where the peer wants RTP (null while on hold with c=0.0.0.0).</param>
/// <param name="Codec">The voice codec both sides have.</param>
/// <param name="PayloadType">Its payload type on this call.</param>
/// <param name="TelephoneEventPayloadType">telephone-event/8000's payload type, or -1.</param>
/// <param name="Direction">The direction from the node's side: sendrecv, or recvonly when the peer holds.</param>
public sealed record NegotiatedMedia(IPEndPoint? Remote, AudioCodec Codec, int PayloadType, int TelephoneEventPayloadType, SdpDirection Direction)
{
    public bool Sends => Direction.Sends() && Remote is not null;
}

/// <summary>Why an offer or answer could not be used (an INVITE then gets 488, RFC 3264 §6).</summary>
public enum MediaNegotiationError : byte
{
    None,

    /// <summary>The body is not SDP, or not valid SDP.</summary>
    BadSdp,

    /// <summary>No audio stream at all.</summary>
    NoAudio,

    /// <summary>
    /// Audio only as SRTP/DTLS/ICE (a browser's UDP/TLS/RTP/SAVPF): a switch speaks plain RTP/AVP,
    /// the relay converts (FreeSWITCH without WebRTC answers such an offer with 488).
    /// </summary>
    SecureProfileOnly,

    /// <summary>No codec in common: the node speaks PCMU and PCMA.</summary>
    NoCommonCodec,
}
