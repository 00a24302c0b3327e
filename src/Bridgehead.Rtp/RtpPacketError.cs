namespace Bridgehead.Rtp;

/// <summary>Why bytes are not a valid RTP packet (RFC 3550 §5.1, Appendix A.1).</summary>
public enum RtpPacketError
{
    None = 0,

    /// <summary>Shorter than the 12-byte fixed header.</summary>
    TooShort,

    /// <summary>Version is not 2.</summary>
    BadVersion,

    /// <summary>The CSRC list runs past the end.</summary>
    CsrcOverrun,

    /// <summary>The header extension runs past the end.</summary>
    ExtensionOverrun,

    /// <summary>The P bit is set but the padding count is zero or larger than the payload.</summary>
    BadPadding,
}
