namespace Bridgehead.Ng;

/// <summary>Why a datagram is not an ng request or reply Bridgehead can act on.</summary>
public enum NgError
{
    None,

    /// <summary>Larger than one UDP datagram can be.</summary>
    TooLarge,

    /// <summary>No "&lt;cookie&gt; " prefix.</summary>
    MissingCookie,
    InvalidCookie,

    /// <summary>The body is not bencode (see the bencode failure for where).</summary>
    MalformedBencode,
    NotADictionary,
    MissingCommand,
    UnknownCommand,
    MissingCallId,
    MissingFromTag,
    MissingToTag,
    MissingSdp,

    /// <summary>A reply without a usable <c>result</c>.</summary>
    MissingResult,

    /// <summary>A reply whose <c>result</c> is ok but whose content does not fit the command.</summary>
    MalformedReply,
}

public static class NgErrorExtensions
{
    /// <summary>
    /// The <c>error-reason</c> a server sends back; the wording follows rtpengine where it has
    /// one, because proxies log it and operators search for it.
    /// </summary>
    public static string ToReason(this NgError error) => error switch
    {
        NgError.TooLarge => "Message too large",
        NgError.MissingCookie or NgError.InvalidCookie => "Invalid cookie",
        NgError.MalformedBencode => "Could not decode dictionary",
        NgError.NotADictionary => "Could not decode dictionary",
        NgError.MissingCommand => "No command in message",
        NgError.UnknownCommand => "Unrecognized command",
        NgError.MissingCallId => "No call-id in message",
        NgError.MissingFromTag => "No from-tag in message",
        NgError.MissingToTag => "No to-tag in message",
        NgError.MissingSdp => "No SDP body in message",
        NgError.MissingResult => "No result in reply",
        NgError.MalformedReply => "Malformed reply",
        _ => error.ToString(),
    };
}
