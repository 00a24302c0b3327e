using Microsoft.Extensions.Logging;

namespace Bridgehead.Relay;

public sealed partial class MediaRelay
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Media relay started: {Count} interface(s) {Interfaces}, ports {PortMin}-{PortMax}, {Workers} worker thread(s)")]
        public static partial void Started(ILogger logger, int count, string interfaces, int portMin, int portMax, int workers);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Session {CallId} created by an offer from {FromTag}")]
        public static partial void SessionCreated(ILogger logger, string callId, string fromTag);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Session {CallId} ended ({Reason}) after {Seconds:F1} s")]
        public static partial void SessionEnded(ILogger logger, string callId, SessionEndReason reason, double seconds);

        [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Offer for {CallId} from {FromTag}; offered on: {Streams}")]
        public static partial void Offer(ILogger logger, string callId, string fromTag, string streams);

        [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Answer for {CallId} from {ToTag}; answered with: {Streams}")]
        public static partial void Answer(ILogger logger, string callId, string toTag, string streams);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{Command} for {CallId} has SDP that does not parse: {Failure}")]
        public static partial void BadSdp(ILogger logger, string callId, string command, string failure);

        [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "No free media port for {CallId}: the port range is exhausted")]
        public static partial void OutOfPorts(ILogger logger, string callId);

        [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Port {Port} on interface {Interface} is taken by another program; skipped")]
        public static partial void PortBusy(ILogger logger, string @interface, int port);

        [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Stream {Stream}: {Warning}")]
        public static partial void AnswerDowngraded(ILogger logger, string stream, string warning);

        [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Session {CallId} will end in {Seconds} s (delete-delay)")]
        public static partial void DeleteDelayed(ILogger logger, string callId, int seconds);
    }
}
