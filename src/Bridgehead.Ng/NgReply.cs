using System.Collections.ObjectModel;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Ng;

/// <summary>The <c>result</c> of a reply (ng-protocol §2).</summary>
public enum NgResult
{
    Ok,
    Pong,
    Error,
}

/// <summary>
/// Why a client got no usable reply from the relay. A failure on our side of the wire is still
/// answered with an error reply (a value, so routing can try the next relay), never an exception.
/// </summary>
public enum NgClientError
{
    /// <summary>The relay itself answered with an error.</summary>
    None,

    /// <summary>No reply after every retransmission.</summary>
    Timeout,

    /// <summary>Too many requests are waiting for replies already.</summary>
    Overloaded,

    /// <summary>The request does not fit one UDP datagram.</summary>
    RequestTooLarge,

    /// <summary>A reply came with our cookie but could not be read.</summary>
    MalformedReply,

    /// <summary>The socket failed (unreachable relay, closed client).</summary>
    TransportFailure,
}

/// <summary>An ng reply. Keys the typed reply does not hold are in <see cref="OtherKeys"/>.</summary>
public abstract record NgReply
{
    public abstract NgResult Result { get; }

    /// <summary>A non-fatal problem reported with an ok result (e.g. delete of an unknown call).</summary>
    public string? Warning { get; init; }

    public IReadOnlyDictionary<string, BencodeValue> OtherKeys { get; init; } = ReadOnlyDictionary<string, BencodeValue>.Empty;
}

/// <summary><c>{result: pong}</c>, the answer to ping.</summary>
public sealed record NgPongReply : NgReply
{
    public override NgResult Result => NgResult.Pong;
}

/// <summary>An ok reply that carries nothing of its own (a ping answered "ok", a delete with the fast flag).</summary>
public sealed record NgOkReply : NgReply
{
    public override NgResult Result => NgResult.Ok;
}

/// <summary><c>{result: error, error-reason: …}</c>, or a local failure to get a reply at all.</summary>
public sealed record NgErrorReply(string Reason) : NgReply
{
    public override NgResult Result => NgResult.Error;

    /// <summary>Set when the failure happened on our side (no reply, overload, …) rather than in the relay.</summary>
    public NgClientError ClientError { get; init; }

    public static NgErrorReply From(NgError error) => new(error.ToReason());
}

/// <summary>The reply to offer and answer: the rewritten SDP to put into the SIP message.</summary>
public sealed record NgSdpReply(ReadOnlyMemory<byte> Sdp) : NgReply
{
    public override NgResult Result => NgResult.Ok;

    public string SdpText => System.Text.Encoding.UTF8.GetString(Sdp.Span);
}

/// <summary>The reply to query.</summary>
public sealed record NgQueryReply(NgCallStats Call) : NgReply
{
    public override NgResult Result => NgResult.Ok;
}

/// <summary>The reply to delete: the call's final statistics, unless the fast flag asked for none.</summary>
public sealed record NgDeleteReply(NgCallStats? Call) : NgReply
{
    public override NgResult Result => NgResult.Ok;
}

/// <summary>The reply to list.</summary>
public sealed record NgListReply(IReadOnlyList<string> Calls) : NgReply
{
    public override NgResult Result => NgResult.Ok;
}

/// <summary>
/// The reply to statistics: sections (currentstatistics, totalstatistics, intervalstatistics,
/// controlstatistics, interfaces, …) kept as received, since their keys differ between releases.
/// </summary>
public sealed record NgStatisticsReply(BencodeDictionary Statistics) : NgReply
{
    public override NgResult Result => NgResult.Ok;

    /// <summary>A counter of a section (numbers may come as integers or strings).</summary>
    public long? GetCounter(string section, string name) =>
        Statistics.TryGetValue(section, out var s) && s is BencodeDictionary d && d.TryGetValue(name, out var v)
        && NgValues.TryInt64(v, out var n) ? n : null;
}
