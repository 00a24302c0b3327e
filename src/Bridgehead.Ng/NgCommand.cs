using System.Collections.ObjectModel;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Ng;

/// <summary>
/// An ng request (ng-protocol §3). Keys this model does not type are kept in
/// <see cref="OtherKeys"/> under their original names: a client sends them on unchanged, a
/// server ignores them (as rtpengine does with unknown keys).
/// </summary>
public abstract record NgCommand
{
    public abstract NgCommandKind Kind { get; }

    /// <summary>
    /// What the sender understands in replies: Kamailio's module sends <c>supports: [load limit]</c>
    /// with every command, meaning it handles the "load limit" result.
    /// </summary>
    public IReadOnlyList<string> Supports { get; init; } = [];

    public IReadOnlyDictionary<string, BencodeValue> OtherKeys { get; init; } = ReadOnlyDictionary<string, BencodeValue>.Empty;
}

/// <summary><c>ping</c>: health check; answered with <c>pong</c>.</summary>
public sealed record NgPingCommand : NgCommand
{
    public override NgCommandKind Kind => NgCommandKind.Ping;
}

/// <summary><c>list</c>: the call-ids the relay holds, at most <see cref="Limit"/> (rtpengine's default is 32).</summary>
public sealed record NgListCommand : NgCommand
{
    public override NgCommandKind Kind => NgCommandKind.List;

    public int? Limit { get; init; }
}

/// <summary><c>statistics</c>: the relay's counters.</summary>
public sealed record NgStatisticsCommand : NgCommand
{
    public override NgCommandKind Kind => NgCommandKind.Statistics;
}

/// <summary><c>query</c>: one call's tags, media, streams and packet counts.</summary>
public sealed record NgQueryCommand(string CallId) : NgCommand
{
    public override NgCommandKind Kind => NgCommandKind.Query;

    public string? FromTag { get; init; }

    public string? ToTag { get; init; }
}

/// <summary>
/// <c>delete</c>: tear a call (or one branch or party of it) down; sent on BYE, CANCEL and
/// failure replies. Flags: <c>fatal</c> (unknown call is an error), <c>fast</c> (no statistics),
/// <c>to-tag</c> (honour the to-tag for a selective delete). The proxy modules always send the
/// from-tag; a delete without one (rtpengine-ctl, scripts) means the whole call.
/// </summary>
public sealed record NgDeleteCommand(string CallId) : NgCommand
{
    public override NgCommandKind Kind => NgCommandKind.Delete;

    public string? FromTag { get; init; }

    public string? ToTag { get; init; }

    public string? ViaBranch { get; init; }

    /// <summary>The SIP source address; Kamailio sends it with deletes too.</summary>
    public NgAddress? ReceivedFrom { get; init; }

    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>Seconds before the call is forgotten; 0 deletes at once.</summary>
    public int? DeleteDelay { get; init; }

    public bool HasFlag(string flag) => NgFlags.Contains(Flags, flag);
}
