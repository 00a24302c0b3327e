namespace Bridgehead.AppNode.Calls;

/// <summary>A call that has ended, with its media counts (what `doctor` reads to say "no media in one direction").</summary>
public sealed record CallSummary(
    string CallId,
    string Application,
    bool Outbound,
    string Reason,
    long RtpReceived,
    long RtpSent,
    string Digits,
    DateTimeOffset Started,
    DateTimeOffset Ended);
