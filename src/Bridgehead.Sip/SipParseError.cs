namespace Bridgehead.Sip;

/// <summary>
/// Why a message could not be accepted. Bad input is a value, not an exception: a request with
/// one of these gets a 400 (or 505/416) whose reason phrase names the fault, a response is dropped
/// with one log line.
/// </summary>
public enum SipParseError : byte
{
    None = 0,
    Empty,
    MessageTooLarge,
    BadStartLine,
    BadMethod,
    BadRequestUri,
    UnsupportedVersion,
    BadStatusCode,
    BadHeaderLine,
    TooManyHeaders,
    UnterminatedHeaders,
    MissingVia,
    MissingFrom,
    MissingTo,
    MissingCallId,
    MissingCSeq,
    BadVia,
    BadFrom,
    BadTo,
    BadCallId,
    BadCSeq,
    CSeqMethodMismatch,
    BadMaxForwards,
    BadContentLength,
    ContentLengthExceedsDatagram,
    DuplicateHeader,
    BadContact,
    BadRoute,
    BadRecordRoute,
    BadExpires,
}

public static class SipParseErrorExtensions
{
    /// <summary>The status a request with this fault gets (RFC 3261 §8.2.2, §21.5).</summary>
    public static int StatusCode(this SipParseError error) => error switch
    {
        SipParseError.UnsupportedVersion => 505,
        SipParseError.MessageTooLarge => 513,
        _ => 400,
    };

    /// <summary>A reason phrase that names the fault, so the sender can tell what to fix.</summary>
    public static string ReasonPhrase(this SipParseError error) => error switch
    {
        SipParseError.None => "OK",
        SipParseError.Empty => "Bad Request (Empty Message)",
        SipParseError.MessageTooLarge => "Message Too Large",
        SipParseError.BadStartLine => "Bad Request (Malformed Request-Line)",
        SipParseError.BadMethod => "Bad Request (Malformed Method)",
        SipParseError.BadRequestUri => "Bad Request (Malformed Request-URI)",
        SipParseError.UnsupportedVersion => "Version Not Supported",
        SipParseError.BadStatusCode => "Bad Request (Malformed Status-Line)",
        SipParseError.BadHeaderLine => "Bad Request (Malformed Header Line)",
        SipParseError.TooManyHeaders => "Bad Request (Too Many Headers)",
        SipParseError.UnterminatedHeaders => "Bad Request (Headers Not Terminated)",
        SipParseError.MissingVia => "Bad Request (Missing Via)",
        SipParseError.MissingFrom => "Bad Request (Missing From)",
        SipParseError.MissingTo => "Bad Request (Missing To)",
        SipParseError.MissingCallId => "Bad Request (Missing Call-ID)",
        SipParseError.MissingCSeq => "Bad Request (Missing CSeq)",
        SipParseError.BadVia => "Bad Request (Malformed Via)",
        SipParseError.BadFrom => "Bad Request (Malformed From)",
        SipParseError.BadTo => "Bad Request (Malformed To)",
        SipParseError.BadCallId => "Bad Request (Malformed Call-ID)",
        SipParseError.BadCSeq => "Bad Request (Malformed CSeq)",
        SipParseError.CSeqMethodMismatch => "Bad Request (CSeq Method Does Not Match)",
        SipParseError.BadMaxForwards => "Bad Request (Malformed Max-Forwards)",
        SipParseError.BadContentLength => "Bad Request (Malformed Content-Length)",
        SipParseError.ContentLengthExceedsDatagram => "Bad Request (Content-Length Larger Than Message)",
        SipParseError.DuplicateHeader => "Bad Request (Duplicate Single-Value Header)",
        SipParseError.BadContact => "Bad Request (Malformed Contact)",
        SipParseError.BadRoute => "Bad Request (Malformed Route)",
        SipParseError.BadRecordRoute => "Bad Request (Malformed Record-Route)",
        SipParseError.BadExpires => "Bad Request (Malformed Expires)",
        _ => "Bad Request",
    };
}
