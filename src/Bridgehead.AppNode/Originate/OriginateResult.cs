namespace Bridgehead.AppNode;

/// <summary>How an originate ended.</summary>
public enum OriginateOutcome : byte
{
    /// <summary>The user answered; the application runs.</summary>
    Answered,

    /// <summary>A final response other than 2xx (busy, declined, not found at the edge…).</summary>
    Rejected,

    /// <summary>Nobody answered within the ring time (the node cancelled), or the next hop never responded.</summary>
    Timeout,

    /// <summary>The user is not registered at the node and there is no edge to ask.</summary>
    NotFound,

    /// <summary>The request itself is unusable: bad target, unreadable file.</summary>
    Invalid,

    /// <summary>The node could not place the call: no RTP port, transport error, too many calls.</summary>
    Failed,
}

/// <param name="Outcome">How it ended.</param>
/// <param name="StatusCode">The SIP status of the final response (or the equivalent: 408 timeout, 404, 503).</param>
/// <param name="Reason">A reason a person can read.</param>
/// <param name="CallId">The call's Call-ID, when an INVITE was sent.</param>
public sealed record OriginateResult(OriginateOutcome Outcome, int StatusCode, string Reason, string? CallId = null);

/// <summary>
/// Places calls from the node: what the management API and the `bridgehead originate` command
/// call (FreeSWITCH's `originate`).
/// </summary>
public interface IOriginator
{
    /// <summary>Sends the INVITE and completes when the call is answered or has failed (the call itself goes on).</summary>
    Task<OriginateResult> OriginateAsync(OriginateRequest request, CancellationToken cancellationToken = default);
}
