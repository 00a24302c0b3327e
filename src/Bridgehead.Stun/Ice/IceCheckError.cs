namespace Bridgehead.Stun.Ice;

/// <summary>
/// Why the agent did not answer a datagram with a success response. Each is counted; the ones
/// marked "answered" produce an error response as RFC 8489 / RFC 8445 require, the others are
/// dropped silently.
/// </summary>
public enum IceCheckError
{
    None = 0,

    /// <summary>Not a well-formed STUN message (dropped).</summary>
    Malformed,

    /// <summary>FINGERPRINT present but wrong (dropped, RFC 8489 §7.3).</summary>
    BadFingerprint,

    /// <summary>A success or error response: a lite agent sends no requests (dropped).</summary>
    UnexpectedResponse,

    /// <summary>An indication of a method other than Binding (dropped).</summary>
    UnsupportedIndication,

    /// <summary>A request for a method other than Binding (answered 400).</summary>
    UnsupportedMethod,

    /// <summary>USERNAME or MESSAGE-INTEGRITY missing (answered 400, RFC 8489 §9.1.3).</summary>
    MissingCredentials,

    /// <summary>USERNAME is not "our ufrag:their ufrag" (answered 401).</summary>
    UnknownUsername,

    /// <summary>MESSAGE-INTEGRITY does not verify with our password (answered 401, without integrity).</summary>
    BadMessageIntegrity,

    /// <summary>A comprehension-required attribute we do not know (answered 420 with UNKNOWN-ATTRIBUTES).</summary>
    UnknownRequiredAttribute,

    /// <summary>No PRIORITY attribute (answered 400, RFC 8445 §7.1.1 makes it mandatory).</summary>
    MissingPriority,

    /// <summary>Both sides claim the same role and we keep ours (answered 487, RFC 8445 §7.3.1.1).</summary>
    RoleConflict,

    /// <summary>A new remote address beyond <see cref="IceLiteConfig.MaxCandidatePairs"/> (dropped).</summary>
    TooManyCandidatePairs,

    /// <summary>The caller's response buffer cannot hold the answer (dropped).</summary>
    ResponseBufferTooSmall,
}
