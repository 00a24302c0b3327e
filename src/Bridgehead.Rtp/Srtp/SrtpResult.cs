namespace Bridgehead.Rtp.Srtp;

/// <summary>Outcome of protecting or unprotecting one packet.</summary>
public enum SrtpResult
{
    Ok = 0,

    /// <summary>Shorter than its header plus trailer (index, MKI, tag).</summary>
    TooShort,

    /// <summary>No room after the packet for the tag (and index and MKI) that protecting adds.</summary>
    BufferTooSmall,

    /// <summary>Not RTP/RTCP version 2, or a CSRC list or header extension runs past the end.</summary>
    InvalidPacket,

    /// <summary>The authentication tag does not verify: forged, corrupted, or the wrong key.</summary>
    AuthenticationFailed,

    /// <summary>This index was already received (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>The index is behind the replay window, or before the stream's first packet.</summary>
    TooOld,

    /// <summary>The MKI names a master key this context does not hold.</summary>
    MkiMismatch,

    /// <summary>2^48 SRTP or 2^31 SRTCP packets under one key: the key must be changed (RFC 3711 §9.2).</summary>
    IndexExhausted,

    /// <summary>A new SSRC beyond <see cref="SrtpPolicy.MaxStreams"/>.</summary>
    StreamLimitReached,
}
