namespace Bridgehead.Routing.Proxy;

/// <summary>
/// How one forwarded copy of a request ended, as passive health and failover read it (YARP's
/// ForwarderError in SIP terms). A destination that answers at all is alive; one that does not
/// answer, cannot be reached, or says it is unavailable is failing.
/// </summary>
public enum ForwardingError : byte
{
    /// <summary>A 2xx, or any final response the caller should see (486, 404, 603 …): the destination works.</summary>
    None,

    /// <summary>No provisional within the per-destination "no answer" time (fr_timer), or Timer B/F.</summary>
    NoAnswer,

    /// <summary>The transport could not send (RFC 3261 §17.1.4 treats it as 503).</summary>
    Transport,

    /// <summary>503 Service Unavailable from the destination: overloaded or shutting down.</summary>
    Unavailable,

    /// <summary>Another 5xx, or a 408 the destination sent itself: try elsewhere, but it is alive.</summary>
    ServerError,
}

/// <summary>Maps final statuses to <see cref="ForwardingError"/>.</summary>
public static class ForwardingErrors
{
    public static ForwardingError ForStatus(int status) => status switch
    {
        503 => ForwardingError.Unavailable,
        408 or (>= 500 and < 600) => ForwardingError.ServerError,
        _ => ForwardingError.None,
    };

    /// <summary>Whether the destination is to be counted as failing (passive health).</summary>
    public static bool IsHealthFailure(this ForwardingError error) =>
        error is ForwardingError.NoAnswer or ForwardingError.Transport or ForwardingError.Unavailable;
}
