namespace Bridgehead.Ng;

/// <summary>The <c>ICE</c> key (ng-protocol §3.2): what to do with ICE in the SDP sent on.</summary>
public enum NgIceMode
{
    /// <summary>Add ICE only if the input had it (same as leaving the key out).</summary>
    Default,

    /// <summary>Strip ICE from the SDP sent on.</summary>
    Remove,

    /// <summary>Strip the peer's candidates and offer the relay as the only candidate.</summary>
    Force,

    /// <summary>Keep the peer's candidates and add the relay as a relay candidate.</summary>
    ForceRelay,
    Optional,
}

/// <summary>The <c>ICE-lite</c> key: act as ICE-lite towards the recipient, the sender, both, or not.</summary>
public enum NgIceLiteMode
{
    Off,
    Forward,
    Backward,
    Both,
}

/// <summary>The <c>DTLS</c> key: off (off/no/disable), or the preferred handshake role.</summary>
public enum NgDtlsMode
{
    Off,
    Passive,
    Active,
}

/// <summary>The <c>rtcp-mux</c> list.</summary>
[Flags]
public enum NgRtcpMux
{
    None = 0,

    /// <summary>Offer mux even if the sender did not.</summary>
    Offer = 1,

    /// <summary>Also advertise no separate RTCP port (WebRTC wants this).</summary>
    Require = 2,

    /// <summary>Accept mux from the sender but do not offer it onward.</summary>
    Demux = 4,

    /// <summary>Pass it on if offered.</summary>
    Accept = 8,
    Reject = 16,
}

/// <summary>The <c>replace</c> list: which SDP fields the relay rewrites beyond the media addresses.</summary>
[Flags]
public enum NgReplace
{
    None = 0,

    /// <summary>o= address.</summary>
    Origin = 1,
    OriginFull = 2,

    /// <summary>Session-level c= ("session connection", the older name for it).</summary>
    SessionConnection = 4,
    Username = 8,
    SessionName = 16,
    SdpVersion = 32,
    ForceIncrementSdpVersion = 64,
    ZeroAddress = 128,
}

/// <summary>An address with its family, as in <c>received-from: [IP4, 192.0.2.1]</c>.</summary>
public sealed record NgAddress(string Family, string Address);

/// <summary>
/// The <c>codec</c> dictionary (ng-protocol §3.2.2): each list names codecs by name or payload
/// type (<c>name[/rate[/channels[/bitrate]]]</c> for transcode); <c>all</c> applies to every codec.
/// </summary>
public sealed record NgCodecOptions
{
    public IReadOnlyList<string> Strip { get; init; } = [];

    public IReadOnlyList<string> Offer { get; init; } = [];

    public IReadOnlyList<string> Transcode { get; init; } = [];

    public IReadOnlyList<string> Mask { get; init; } = [];

    public IReadOnlyList<string> Consume { get; init; } = [];

    public IReadOnlyList<string> Accept { get; init; } = [];

    public IReadOnlyList<string> Except { get; init; } = [];

    public IReadOnlyList<string> Ignore { get; init; } = [];

    public IReadOnlyList<string> Set { get; init; } = [];
}
