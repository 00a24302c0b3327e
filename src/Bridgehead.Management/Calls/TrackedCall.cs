using System.Text.Json.Serialization;

namespace Bridgehead.Management.Calls;

/// <summary>Where a tracked call is, as seen from the edge's INVITE, responses, ACK, BYE and CANCEL.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrackedCallState>))]
public enum TrackedCallState : byte
{
    /// <summary>INVITE seen, no provisional answer yet.</summary>
    Trying,

    /// <summary>A provisional response above 100 (180, 183) came back.</summary>
    Ringing,

    /// <summary>A 2xx came back: the call is up.</summary>
    Answered,

    /// <summary>A BYE (after an answer) or a CANCEL (before one) ended it.</summary>
    Ended,

    /// <summary>It never got up: a final response of 300 or more, or the caller's ACK of one the edge sent itself.</summary>
    Failed,
}

/// <summary>A call as the dashboard lists it.</summary>
/// <param name="CallId">The Call-ID, the same on both legs through the proxy.</param>
/// <param name="From">The From header's URI.</param>
/// <param name="To">The To header's URI.</param>
/// <param name="Caller">Where the first INVITE came from ("wss:192.0.2.7:50312").</param>
/// <param name="State">Trying, Ringing, Answered, Ended or Failed.</param>
/// <param name="Status">The last status code seen for the INVITE (0 before any).</param>
/// <param name="StartedAt">When the first INVITE was seen.</param>
/// <param name="AnsweredAt">When the first 2xx was seen.</param>
/// <param name="EndedAt">When it ended or failed.</param>
/// <param name="Reason">How it ended ("BYE from udp:127.0.0.1:5080", "486 Busy Here").</param>
public sealed record TrackedCall(
    string CallId,
    string From,
    string To,
    string Caller,
    TrackedCallState State,
    int Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    string? Reason)
{
    /// <summary>Trying, ringing or answered.</summary>
    public bool IsActive => State is TrackedCallState.Trying or TrackedCallState.Ringing or TrackedCallState.Answered;
}
