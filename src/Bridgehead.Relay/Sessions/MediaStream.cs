using Bridgehead.Dtls;
using Bridgehead.Relay.Forwarding;
using Bridgehead.Relay.Io;
using Bridgehead.Relay.Security;

namespace Bridgehead.Relay.Sessions;

/// <summary>
/// One m= section of one leg, as session control sees it: its ports, what the leg's party said
/// in SDP, what we say to it (profile, ICE credentials, keys, DTLS role), and the
/// <see cref="StreamPath"/> that carries its packets. Guarded by the session's lock.
/// </summary>
internal sealed class MediaStream
{
    public MediaStream(Leg leg, int index, string mediaType, StreamPath path)
    {
        Leg = leg;
        Index = index;
        MediaType = mediaType;
        Path = path;
    }

    public Leg Leg { get; }

    /// <summary>Position of the m= section (0-based).</summary>
    public int Index { get; }

    public string MediaType { get; set; }

    public StreamPath Path { get; set; }

    /// <summary>The same m= section of the other leg: what arrives here leaves through it.</summary>
    public MediaStream? Partner { get; set; }

    /// <summary>False for a rejected or unsupported stream (port 0 both ways).</summary>
    public bool Active { get; set; }

    public MediaEndpoint? Rtp { get; set; }

    public MediaEndpoint? Rtcp { get; set; }

    /// <summary>What we speak with the leg. Before its answer, what we offered.</summary>
    public LegProfile? Profile { get; set; }

    /// <summary>rtcp-mux-require: no separate RTCP port is offered.</summary>
    public bool RtcpMuxRequired { get; set; }

    public RemoteMedia? Remote { get; set; }

    /// <summary>The peer's address changed in its latest SDP: learned addresses are forgotten.</summary>
    public bool RemoteChanged { get; set; }

    public IceSettings? LocalIce { get; set; }

    /// <summary>Our keys as offered to the leg, one per crypto suite.</summary>
    public IReadOnlyList<SdesKey> OfferedKeys { get; set; } = [];

    /// <summary>Our key in use towards the leg.</summary>
    public SdesKey? LocalKey { get; set; }

    /// <summary>The leg's key for what it sends.</summary>
    public SdesKey? RemoteKey { get; set; }

    public DtlsRole? DtlsRole { get; set; }

    public DtlsCertificate? Certificate { get; set; }

    public FingerprintHashFunction FingerprintHash { get; set; } = FingerprintHashFunction.Sha256;

    /// <summary>The payload formats the leg offered, in its order: an answer to it may list only these (RFC 3264 §6.1).</summary>
    public IReadOnlyList<string> OfferedFormats { get; set; } = [];

    /// <summary>The a=mid this stream carries towards a WebRTC leg.</summary>
    public string? Mid { get; set; }

    public LatchMode Latching { get; set; }

    public string Name => $"{Leg.Session.CallId}/{Leg.Tag ?? "-"}/{Index}";

    /// <summary>The path settings of the current decisions.</summary>
    public StreamPathConfig ToPathConfig(DtlsOptions dtlsOptions)
    {
        var profile = Profile;
        var secure = profile is not null && profile.Security != MediaSecurity.None;
        DtlsPathConfig? dtls = null;
        if (profile?.Security == MediaSecurity.Dtls && DtlsRole is { } role && Certificate is not null && Remote is { Fingerprints.Count: > 0 } remote)
        {
            dtls = new DtlsPathConfig(role, Certificate, remote.Fingerprints, dtlsOptions);
        }

        return new StreamPathConfig
        {
            Name = Name,
            Partner = Partner is { Active: true } partner ? partner.Path : null,
            RtpEndpoint = Rtp!,
            RtcpEndpoint = Rtcp,
            RtcpMux = profile?.RtcpMux ?? false,
            SdpRtp = Remote?.Rtp,
            SdpRtcp = Remote?.Rtcp,
            Latching = Latching,
            ResetLatch = RemoteChanged,
            Secure = secure,
            Ice = profile?.Ice == true && LocalIce is { } ice ? ice with { RemoteUfrag = Remote?.IceUfrag } : null,
            SdesInbound = profile?.Security == MediaSecurity.Sdes ? RemoteKey : null,
            SdesOutbound = profile?.Security == MediaSecurity.Sdes ? LocalKey : null,
            Dtls = dtls,
        };
    }
}
