namespace Bridgehead.Stun;

/// <summary>Why a datagram is not a well-formed STUN message (RFC 8489 §5, §6.3, §14).</summary>
public enum StunParseError
{
    None = 0,

    /// <summary>Shorter than the 20-byte header.</summary>
    TooShort,

    /// <summary>The two top bits are not zero or the magic cookie is missing: not STUN (or RFC 3489 STUN).</summary>
    NotStun,

    /// <summary>The length field is not a multiple of four.</summary>
    LengthNotMultipleOfFour,

    /// <summary>The length field does not match the bytes that follow the header.</summary>
    LengthMismatch,

    /// <summary>An attribute header or value runs past the end of the message.</summary>
    AttributeOverrun,

    /// <summary>FINGERPRINT is not the last attribute.</summary>
    FingerprintNotLast,

    /// <summary>MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 or FINGERPRINT has the wrong value length.</summary>
    BadIntegrityAttributeLength,
}
