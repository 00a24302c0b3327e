using System.Net;
using Bridgehead.AppNode.Applications;
using Bridgehead.AppNode.Media;
using Bridgehead.Sip;
using Microsoft.Extensions.Logging;

namespace Bridgehead.AppNode;

/// <summary>The node's log lines (event ids 2000–2099).</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Debug, "Dropped an unparsable datagram from {Source}: {Error}")]
    public static partial void Unparsable(ILogger logger, IPEndPoint source, SipParseError error);

    [LoggerMessage(2002, LogLevel.Warning, "Handling a message from {Source} failed")]
    public static partial void Failed(ILogger logger, IPEndPoint source, Exception exception);

    [LoggerMessage(2003, LogLevel.Information, "REGISTER of {User} from {Source}: {Status}")]
    public static partial void Registered(ILogger logger, string user, int status, IPEndPoint source);

    [LoggerMessage(2004, LogLevel.Information, "INVITE to {Extension} from {Source} refused with {Status}")]
    public static partial void Refused(ILogger logger, string extension, int status, IPEndPoint source);

    [LoggerMessage(2005, LogLevel.Information, "INVITE to {Extension} from {Source} refused with 488: {Error}")]
    public static partial void NotAcceptable(ILogger logger, string extension, MediaNegotiationError error, object source);

    [LoggerMessage(2006, LogLevel.Information, "Call {CallId}: {Extension} answered ({Application}, {Codec}) for {Source}")]
    public static partial void Answered(ILogger logger, string callId, string extension, string application, string codec, IPEndPoint source);

    [LoggerMessage(2007, LogLevel.Warning, "Call {CallId}: no ACK for the 200 within 64·T1")]
    public static partial void NoAck(ILogger logger, string callId);

    [LoggerMessage(2008, LogLevel.Information, "Call {CallId}: BYE received")]
    public static partial void ByeReceived(ILogger logger, string callId);

    [LoggerMessage(2009, LogLevel.Information, "Call {CallId}: hanging up ({Reason})")]
    public static partial void Hangup(ILogger logger, string callId, string reason);

    [LoggerMessage(2010, LogLevel.Information, "Call {CallId} ({Application}) ended: {Reason}; RTP received {Received}, sent {Sent}")]
    public static partial void Ended(ILogger logger, string callId, string application, string reason, long received, long sent);

    [LoggerMessage(2011, LogLevel.Information, "Call {CallId}: DTMF {Digit}")]
    public static partial void Digit(ILogger logger, string callId, char digit);

    [LoggerMessage(2012, LogLevel.Warning, "The playback recording {File} cannot be used ({Error}); playing the bundled one")]
    public static partial void RecordingUnavailable(ILogger logger, string file, RecordingError error);

    [LoggerMessage(2013, LogLevel.Information, "Originate {CallId}: {Target} as {RequestUri} via {Destination} ({Application})")]
    public static partial void Originating(ILogger logger, string callId, string target, string requestUri, IPEndPoint destination, string application);

    [LoggerMessage(2014, LogLevel.Information, "Originate {CallId}: answered ({Codec}, media to {Remote})")]
    public static partial void OriginateAnswered(ILogger logger, string callId, string codec, string remote);

    [LoggerMessage(2015, LogLevel.Information, "Originate {CallId}: {Status} {Reason}")]
    public static partial void OriginateRejected(ILogger logger, string callId, int status, string reason);
}
