namespace Bridgehead.Routing.Proxy;

/// <summary>
/// The last group of a response context whose targets come one at a time (a switch pool): the next
/// destination is asked for only after the previous one failed in a way that allows a retry
/// (sequential forking, RFC 3261 §16.6, with the failover rules of a dispatcher). Each branch of
/// the group has a "no answer" time shorter than Timer B (fr_timer).
/// </summary>
internal interface IFailoverTargets
{
    /// <summary>How long a branch may stay without a provisional (INVITE) or final (others) before the next is tried.</summary>
    TimeSpan NoAnswerTimeout { get; }

    /// <summary>The next destination, or null when every one has been tried (or none can take the call).</summary>
    ForwardingTarget? Next();

    /// <summary>Whether a final status from a destination lets the next one be tried (408, 5xx).</summary>
    bool FailsOver(int status);

    /// <summary>
    /// A branch of this group ended (or, after a "no answer", answered late with a 2xx): passive
    /// health and resource accounting read it. Called once per outcome, outside the context's lock.
    /// </summary>
    void Completed(ForwardingTarget target, ForwardingError error, int status);
}
