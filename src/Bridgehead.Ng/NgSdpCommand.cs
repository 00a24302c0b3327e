namespace Bridgehead.Ng;

/// <summary>
/// <c>offer</c> and <c>answer</c> (ng-protocol §3.2, §3.3): an SDP body and how to rewrite it.
/// These are the keys OpenSIPS and Kamailio send for WebRTC ⇄ SIP (§4, §5).
/// </summary>
/// <param name="ToTag">Present on re-offers inside a dialog; required in an answer.</param>
public abstract record NgSdpCommand(string CallId, string FromTag, string? ToTag, ReadOnlyMemory<byte> Sdp) : NgCommand
{
    /// <summary>Separates forked branches of one call.</summary>
    public string? ViaBranch { get; init; }

    /// <summary>Generic options: trust-address, symmetric, strict-source, generate-mid, …</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    public NgReplace Replace { get; init; }

    /// <summary>Logical interface names [from-side, to-side] (<c>direction</c>).</summary>
    public IReadOnlyList<string> Direction { get; init; } = [];

    public string? FromInterface { get; init; }

    public string? ToInterface { get; init; }

    /// <summary>The SIP source address, used unless trust-address says the SDP's addresses are good.</summary>
    public NgAddress? ReceivedFrom { get; init; }

    public string? MediaAddress { get; init; }

    /// <summary>IP4 or IP6 for the rewritten SDP.</summary>
    public string? AddressFamily { get; init; }

    public NgIceMode? Ice { get; init; }

    public NgIceLiteMode? IceLite { get; init; }

    public NgDtlsMode? Dtls { get; init; }

    /// <summary>Hash for the relay's certificate fingerprint (sha-256, …).</summary>
    public string? DtlsFingerprint { get; init; }

    /// <summary>SDES policy: off, no-&lt;suite&gt;, only-&lt;suite&gt;, …</summary>
    public IReadOnlyList<string> Sdes { get; init; } = [];

    public IReadOnlyList<string> Osrtp { get; init; } = [];

    /// <summary>Profile for the outgoing m= line (RTP/AVP, UDP/TLS/RTP/SAVPF, …; "accept" in answers).</summary>
    public string? TransportProtocol { get; init; }

    public NgRtcpMux RtcpMux { get; init; }

    public IReadOnlyList<string> Bundle { get; init; } = [];

    public NgCodecOptions? Codec { get; init; }

    public int? Ptime { get; init; }

    public int? PtimeReverse { get; init; }

    public string? RecordCall { get; init; }

    public string? Metadata { get; init; }

    public string? Label { get; init; }

    public string? SetLabel { get; init; }

    public IReadOnlyList<string> T38 { get; init; } = [];

    public string? XmlrpcCallback { get; init; }

    /// <summary>Newer modules pass their whole flag string for the daemon to parse.</summary>
    public string? RtppFlags { get; init; }

    /// <summary>The SDP as text (SDP is UTF-8 by default, RFC 8866 §5).</summary>
    public string SdpText => System.Text.Encoding.UTF8.GetString(Sdp.Span);

    public bool HasFlag(string flag) => NgFlags.Contains(Flags, flag);
}

public sealed record NgOfferCommand(string CallId, string FromTag, ReadOnlyMemory<byte> Sdp) : NgSdpCommand(CallId, FromTag, null, Sdp)
{
    public override NgCommandKind Kind => NgCommandKind.Offer;
}

public sealed record NgAnswerCommand(string CallId, string FromTag, string ToTag, ReadOnlyMemory<byte> Sdp) : NgSdpCommand(CallId, FromTag, ToTag, Sdp)
{
    public override NgCommandKind Kind => NgCommandKind.Answer;
}
