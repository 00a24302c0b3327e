namespace Bridgehead.Sdp;

/// <summary>
/// How a line ended in the received body. RFC 8866 §5 says CRLF but asks parsers to accept a bare
/// LF; keeping what came in is what lets an untouched session be written back byte for byte.
/// </summary>
public enum SdpLineEnding
{
    /// <summary>A line built here: written with the session's ending (that of its v= line, CRLF for a new session).</summary>
    Default,
    CrLf,
    Lf,

    /// <summary>The last line of a body that ends without a line terminator.</summary>
    None,
}
