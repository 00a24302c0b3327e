using System.Buffers;

namespace Bridgehead.Sip.Transport.Framing;

/// <summary>What the stream framer found at the front of a buffer.</summary>
public enum SipFrameStatus : byte
{
    /// <summary>No complete unit yet; advance the reader to the returned consumed/examined positions.</summary>
    NeedMore,

    /// <summary>A complete message (start line, headers and Content-Length octets of body).</summary>
    Message,

    /// <summary>A "\r\n\r\n" keep-alive ping, to be answered with "\r\n" (RFC 5626 §4.4.1).</summary>
    KeepAlivePing,

    /// <summary>The stream cannot be framed any further; the connection must be closed.</summary>
    Error,
}

/// <summary>
/// Why a stream cannot be framed. There is no resynchronising a stream once the length of a message
/// is unknown (RFC 3261 §18.3; RFC 4475 §3.1.2.3 ncl, §3.3.9 mcl01), so each of these closes the
/// connection, like Kestrel's <c>RequestRejectionReason</c> ends an HTTP/1.1 connection.
/// </summary>
public enum SipFramingError : byte
{
    None,

    /// <summary>The headers, or headers plus the announced body, exceed the message-size limit.</summary>
    MessageTooLarge,

    /// <summary>A Content-Length value is not a non-negative decimal number (e.g. -999, "abc", empty).</summary>
    InvalidContentLength,

    /// <summary>Content-Length appears more than once with different values.</summary>
    ConflictingContentLength,
}

/// <summary>The result of <see cref="SipStreamFramer.Read"/>.</summary>
public readonly struct SipFrame
{
    private SipFrame(SipFrameStatus status, ReadOnlySequence<byte> message, SipFramingError error, bool messageStarted)
    {
        Status = status;
        Message = message;
        Error = error;
        MessageStarted = messageStarted;
    }

    public SipFrameStatus Status { get; }

    /// <summary>The whole message when <see cref="Status"/> is <see cref="SipFrameStatus.Message"/>.</summary>
    public ReadOnlySequence<byte> Message { get; }

    /// <summary>The reason when <see cref="Status"/> is <see cref="SipFrameStatus.Error"/>.</summary>
    public SipFramingError Error { get; }

    /// <summary>
    /// With <see cref="SipFrameStatus.NeedMore"/>: true when octets of a message (not just keep-alive
    /// CRLFs) are waiting, so the incomplete-message timeout runs.
    /// </summary>
    public bool MessageStarted { get; }

    internal static SipFrame NeedMore(bool messageStarted) => new(SipFrameStatus.NeedMore, default, SipFramingError.None, messageStarted);

    internal static SipFrame Complete(ReadOnlySequence<byte> message) => new(SipFrameStatus.Message, message, SipFramingError.None, false);

    internal static SipFrame Ping() => new(SipFrameStatus.KeepAlivePing, default, SipFramingError.None, false);

    internal static SipFrame Failed(SipFramingError error) => new(SipFrameStatus.Error, default, error, false);
}
