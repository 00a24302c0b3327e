namespace Bridgehead.Routing.Media;

/// <summary>Who carries a call's media.</summary>
public enum MediaMode
{
    /// <summary>The in-process relay, driven through ng in memory (the default).</summary>
    Relay,

    /// <summary>An external relay (rtpengine, or another Bridgehead's relay) at <see cref="MediaOptions.Ng"/>.</summary>
    External,

    /// <summary>No relay: SDP passes through, with private switch addresses fixed (fix_nated_sdp).</summary>
    Off,
}

/// <summary>
/// Process settings of the edge's media hook (configuration section "Media"): which relay, and
/// the ng flag strings for each kind of leg, written as Kamailio and OpenSIPS scripts write them
/// (ng-protocol §4, §5).
/// </summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>
    /// Flags towards a WebRTC leg (a user over WS/WSS, or a peer whose SDP is WebRTC): the browser
    /// gets UDP/TLS/RTP/SAVPF, the relay as its only ICE candidate (ICE-lite), DTLS-SRTP with us
    /// passive, rtcp-mux required and a=mid (ng-protocol §5.2, §5.3; Chrome rejects SDP without them).
    /// </summary>
    public const string DefaultWebRtcFlags =
        "replace-origin replace-session-connection trust-address rtcp-mux-offer rtcp-mux-require generate-mid DTLS=passive SDES-off ICE=force UDP/TLS/RTP/SAVPF";

    /// <summary>
    /// Flags for an answer going back to a WebRTC offerer (ng-protocol §5.2): the relay answers in the
    /// browser's own profile. No generate-mid or rtcp-mux-offer here: the answer keeps the browser's
    /// own a=mid values (rtpengine 10.5 carries them over). No DTLS=passive either: the browser
    /// offered actpass, and rtpengine 10.5 starts DTLS as the client as soon as ICE completes after
    /// the offer, before any answer; DTLS=passive in the answer then writes a=setup:passive, Chrome
    /// takes the client role too and the handshake never ends (seen: one ClientHello from rtpengine,
    /// none from Chrome, "dtls connecting"). Without the flag rtpengine writes the role it took; the
    /// in-process relay stays the DTLS server the offer made it. No flag of rtpengine 10.5 writes
    /// the a=group:BUNDLE line Chrome needs with max-bundle: the hook adds it (<see cref="SdpBundle"/>).
    /// </summary>
    public const string DefaultWebRtcAnswerFlags =
        "replace-origin replace-session-connection trust-address rtcp-mux-require SDES-off ICE=force UDP/TLS/RTP/SAVPF";

    /// <summary>
    /// Flags towards a plain leg (a softphone or switch over UDP/TCP/TLS): RTP/AVP, no ICE, no
    /// DTLS or SDES, RTCP on its own port (ng-protocol §5.1, §5.4; what FreeSWITCH expects).
    /// </summary>
    public const string DefaultPlainFlags =
        "replace-origin replace-session-connection trust-address rtcp-mux-demux DTLS=off SDES-off ICE=remove RTP/AVP";

    public MediaMode Mode { get; set; } = MediaMode.Relay;

    /// <summary>The external relay's ng address for <see cref="MediaMode.External"/>, e.g. 127.0.0.1:2223 (Debian's rtpengine).</summary>
    public string? Ng { get; set; }

    /// <summary>Wait this long for each ng reply before sending again: 1 s (Kamailio's rtpengine_tout_ms).</summary>
    public TimeSpan NgRetransmitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>ng sends per command, the first included, before the relay counts as unavailable: 3.</summary>
    public int NgAttempts { get; set; } = 3;

    /// <summary>
    /// Longest wait for one ng command, whatever the client does: 5 s. The caller then gets 503
    /// rather than ringing for ever.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public string WebRtcFlags { get; set; } = DefaultWebRtcFlags;

    public string PlainFlags { get; set; } = DefaultPlainFlags;

    /// <summary>Flags for answers to a WebRTC offerer; a plain offerer's answers take <see cref="PlainFlags"/> (ng-protocol §5.4).</summary>
    public string WebRtcAnswerFlags { get; set; } = DefaultWebRtcAnswerFlags;

    /// <summary>
    /// With <see cref="MediaMode.Off"/>: the public address that replaces private addresses in the
    /// c= and o= lines of SDP from pool switches (fix_nated_sdp). Null leaves SDP alone.
    /// </summary>
    public string? PublicAddress { get; set; }

    /// <summary>
    /// How long the edge remembers a relayed call without a BYE (a lost BYE, a dead phone): 4 h.
    /// The relay itself ends a session after its media timeout.
    /// </summary>
    public TimeSpan CallLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Most relayed calls remembered at once; beyond it the oldest are forgotten. Default 100,000.</summary>
    public int MaxCalls { get; set; } = 100_000;
}
