namespace Bridgehead.Sdp;

/// <summary>Why a body is not a session description we accept; paired with a line number.</summary>
public enum SdpParseError
{
    None,
    Empty,
    TooLarge,
    TooManyLines,
    TooManyMedia,

    /// <summary>Not <c>&lt;lower-case letter&gt;=&lt;value&gt;</c> (RFC 8866 §5).</summary>
    MalformedLine,

    /// <summary>A control character (NUL, bare CR, …) inside a line.</summary>
    InvalidCharacter,

    /// <summary>An empty line before the end of the body.</summary>
    BlankLine,
    MissingVersion,
    UnsupportedVersion,
    MissingOrigin,
    InvalidOrigin,
    MissingSessionName,

    /// <summary>v=, o=, s=, t=, r= or z= repeated where one is allowed, or inside a media section.</summary>
    LineOutOfPlace,
    InvalidTiming,
    InvalidBandwidth,
    InvalidConnection,

    /// <summary>A media section in use has no c= of its own and the session has none (RFC 8866 §5.7).</summary>
    MissingConnection,
    InvalidMediaLine,
    InvalidAttribute,
    InvalidRtpMap,
    InvalidFmtp,
    InvalidPtime,
    InvalidRtcp,
    InvalidCandidate,
    InvalidIceCredentials,
    InvalidFingerprint,
    InvalidSetup,
    InvalidCrypto,
    InvalidExtmap,
    InvalidGroup,
    InvalidMid,
}

/// <summary>A parse failure: the reason and the 1-based line it was found on (0 for the body as a whole).</summary>
public readonly record struct SdpParseFailure(SdpParseError Error, int LineNumber)
{
    public override string ToString() => LineNumber > 0 ? $"{Error} at line {LineNumber}" : Error.ToString();
}
