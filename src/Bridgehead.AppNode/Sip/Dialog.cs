namespace Bridgehead.AppNode.Sip;

/// <summary>
/// The state of a dialog (RFC 3261 §12): its id (Call-ID and the two tags), the From/To values
/// as they go on requests the node sends in it, the remote target (the peer's Contact), the route
/// set, and both CSeq counters. Values are kept as the peer wrote them, so tags and parameters
/// go back byte for byte.
/// </summary>
public sealed class Dialog
{
    private uint _localSequence;

    /// <param name="callId">The Call-ID.</param>
    /// <param name="localTag">The node's tag.</param>
    /// <param name="remoteTag">The peer's tag.</param>
    /// <param name="localAddress">The node's From (UAC) or To (UAS) value, with its tag.</param>
    /// <param name="remoteAddress">The peer's From (UAS) or To (UAC) value, with its tag.</param>
    /// <param name="remoteTarget">The URI of the peer's Contact.</param>
    /// <param name="routeSet">Route values in the order requests carry them.</param>
    /// <param name="localSequence">The last CSeq the node used in this dialog.</param>
    /// <param name="remoteSequence">The last CSeq seen from the peer.</param>
    /// <param name="isCaller">Whether the node placed the call.</param>
    public Dialog(string callId, string localTag, string remoteTag, string localAddress, string remoteAddress, string remoteTarget, IReadOnlyList<string> routeSet, uint localSequence, uint remoteSequence, bool isCaller)
    {
        CallId = callId;
        LocalTag = localTag;
        RemoteTag = remoteTag;
        LocalAddress = localAddress;
        RemoteAddress = remoteAddress;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        _localSequence = localSequence;
        RemoteSequence = remoteSequence;
        IsCaller = isCaller;
    }

    public string CallId { get; }

    public string LocalTag { get; }

    public string RemoteTag { get; }

    public string LocalAddress { get; }

    public string RemoteAddress { get; }

    /// <summary>Changes with a target refresh (a re-INVITE's Contact, RFC 3261 §12.2.2).</summary>
    public string RemoteTarget { get; set; }

    public IReadOnlyList<string> RouteSet { get; }

    public uint LocalSequence => Volatile.Read(ref _localSequence);

    public uint RemoteSequence { get; set; }

    public bool IsCaller { get; }

    /// <summary>The CSeq for the next request the node sends (RFC 3261 §12.2.1.1: one more each time).</summary>
    public uint NextSequence() => Interlocked.Increment(ref _localSequence);

    /// <summary>The key that finds this dialog from a request the peer sends: Call-ID, the node's tag (in To), the peer's (in From).</summary>
    public DialogKey Key => new(CallId, LocalTag, RemoteTag);
}

/// <summary>Identifies a dialog from the node's side.</summary>
public readonly record struct DialogKey(string CallId, string LocalTag, string RemoteTag);
