namespace Bridgehead.Management.Trace;

/// <summary>One captured message as the API shows it.</summary>
/// <param name="Sequence">Position in capture order, rising across the whole buffer.</param>
/// <param name="Time">When it was captured.</param>
/// <param name="Direction">"in" (received by the edge) or "out" (sent by it).</param>
/// <param name="Transport">udp, tcp, tls, ws or wss.</param>
/// <param name="Remote">The peer's address and port: where it came from, or where it went.</param>
/// <param name="FirstLine">The request or status line.</param>
/// <param name="CallId">The Call-ID header's value, or null when it has none.</param>
/// <param name="Message">The message as text (cut at the capture limit).</param>
/// <param name="Truncated">Whether the message was longer than the capture limit.</param>
public sealed record SipTraceEntry(
    long Sequence,
    DateTimeOffset Time,
    string Direction,
    string Transport,
    string Remote,
    string FirstLine,
    string? CallId,
    string Message,
    bool Truncated);
