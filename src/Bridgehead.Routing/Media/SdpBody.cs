using Bridgehead.Sip;

namespace Bridgehead.Routing.Media;

/// <summary>What the edge needs to know of a message body without parsing SDP: is it SDP, and does it describe a WebRTC endpoint.</summary>
public static class SdpBody
{
    /// <summary>A non-empty application/sdp body (multipart bodies are left to the endpoints).</summary>
    public static bool Has(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.BodyLength == 0)
        {
            return false;
        }

        var type = message.FirstValue(HeaderId.ContentType).Trim((byte)' ');
        return type.Length >= 15 && System.Text.Ascii.EqualsIgnoreCase(type[..15], "application/sdp"u8)
            && (type.Length == 15 || type[15] is (byte)';' or (byte)' ');
    }

    /// <summary>
    /// SDP a browser writes: a UDP/TLS/RTP/SAVPF media line, or DTLS fingerprint with ICE
    /// credentials (RTP/SAVPF written the old way). Such a peer is WebRTC whatever transport
    /// its signalling took (a gateway or sipp over UDP).
    /// </summary>
    public static bool IsWebRtc(ReadOnlySpan<byte> sdp) =>
        sdp.IndexOf(" UDP/TLS/RTP/SAVP"u8) >= 0
        || (sdp.IndexOf("a=fingerprint:"u8) >= 0 && sdp.IndexOf("a=ice-ufrag:"u8) >= 0);
}
