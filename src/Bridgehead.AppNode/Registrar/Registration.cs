using Bridgehead.Sip;

namespace Bridgehead.AppNode.Registrar;

/// <summary>
/// One binding the node's registrar keeps, as a switch's sofia registration table does: the
/// address-of-record's user, the Contact URI as registered, the Path the edge put on the
/// REGISTER (RFC 3327: how the node reaches the user through the edge), when it expires, and
/// where the REGISTER came from.
/// </summary>
/// <param name="User">The AOR's user part ("1000").</param>
/// <param name="ContactUri">The Contact URI as the user (or the edge, rewriting it) wrote it.</param>
/// <param name="Path">Path values in the order received; requests to the user carry them as Route (RFC 3327 §5.3).</param>
/// <param name="Expires">When the binding lapses.</param>
/// <param name="CallId">The REGISTER's Call-ID (RFC 3261 §10.3 step 7 orders refreshes by it and CSeq).</param>
/// <param name="Sequence">The REGISTER's CSeq number.</param>
/// <param name="Source">Where the REGISTER came from: the edge when it forwarded it.</param>
/// <param name="UserAgent">The User-Agent header, for `location`-style listings.</param>
public sealed record Registration(
    string User,
    string ContactUri,
    IReadOnlyList<string> Path,
    DateTimeOffset Expires,
    string CallId,
    uint Sequence,
    SipDestination Source,
    string? UserAgent)
{
    /// <summary>Seconds left at <paramref name="now"/>, never negative.</summary>
    public int SecondsLeft(DateTimeOffset now) => (int)Math.Max(0, Math.Ceiling((Expires - now).TotalSeconds));
}
