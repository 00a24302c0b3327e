namespace Bridgehead.Management.Trace;

/// <summary>Which way a captured message went through the edge's transport.</summary>
public enum SipTraceDirection : byte
{
    /// <summary>Received by the edge.</summary>
    In,

    /// <summary>Sent by the edge.</summary>
    Out,
}
