namespace Bridgehead.IntegrationTests.Server;

/// <summary>What the running server does with one torture vector, as its INDEX.md says.</summary>
public enum VectorHandling
{
    /// <summary>Malformed request: a response with the given status and a reason naming the fault; nothing forwarded.</summary>
    Rejected,

    /// <summary>Valid, and answered by the server itself (416, 420, 483, 404 ...); nothing forwarded.</summary>
    Answered,

    /// <summary>Valid, proxied: the next hop gets it with its body intact, and its answer comes back.</summary>
    Forwarded,

    /// <summary>A REGISTER the registrar accepts: 200 with the bindings.</summary>
    Registered,

    /// <summary>A response that belongs to no transaction: nothing comes back, nothing is forwarded.</summary>
    Dropped,

    /// <summary>A malformed response: dropped like <see cref="Dropped"/>, with one log line naming the fault.</summary>
    DroppedAndLogged,

    /// <summary>Stream framing cannot go on (bad or too large Content-Length): the connection is closed, nothing answered.</summary>
    Closed,
}
