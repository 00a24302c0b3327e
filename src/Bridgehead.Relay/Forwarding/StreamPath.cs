using System.Net;
using System.Net.Sockets;
using Bridgehead.Relay.Io;
using Bridgehead.Relay.Security;
using Bridgehead.Rtp.Srtp;
using Bridgehead.Stun.Ice;

namespace Bridgehead.Relay.Forwarding;

/// <summary>
/// The per-packet state of one stream of one leg: where its peer's media goes, what it has
/// learned about the peer's address, its SRTP contexts, ICE-lite agent and DTLS session, and
/// its counters. Owned by one worker thread: the forwarder reads and writes it there, and session
/// control changes it only through <see cref="Apply"/> posted to that worker. A packet received on
/// this stream's port is relayed out of its <see cref="Partner"/>'s port.
/// </summary>
internal sealed partial class StreamPath : IDisposable
{
    // An ICE agent remembers at most this many remote addresses (IceLiteConfig.MaxCandidatePairs).
    private const int MaxVerifiedSources = 8;

    private readonly SocketAddress[] _verified;
    private readonly List<MediaEndpoint> _attached = [];
    private int _verifiedCount;
    private SocketAddress? _stunSourceKey;
    private IPEndPoint? _stunSource;
    private IPEndPoint? _rtpPeerEndPoint;
    private IPEndPoint? _rtcpPeerEndPoint;
    private SdesKey? _sdesInbound;
    private SdesKey? _sdesOutbound;
    private bool _disposed;

    public StreamPath(IMediaWorker worker, AddressFamily family, RelayEvents events)
    {
        Worker = worker;
        Events = events;
        Family = family;
        RtpPeer = new SocketAddress(family);
        RtcpPeer = new SocketAddress(family);
        _verified = new SocketAddress[MaxVerifiedSources];
    }

    public IMediaWorker Worker { get; }

    public RelayEvents Events { get; }

    public AddressFamily Family { get; }

    public string Name { get; private set; } = string.Empty;

    public StreamPath? Partner { get; private set; }

    public MediaEndpoint? RtpEndpoint { get; private set; }

    public MediaEndpoint? RtcpEndpoint { get; private set; }

    public bool RtcpMux { get; private set; }

    public LatchMode Latching { get; private set; }

    public StreamCounters Counters { get; } = new();

    /// <summary>Where RTP (and muxed RTCP) for the peer goes.</summary>
    public SocketAddress RtpPeer { get; }

    public bool HasRtpPeer { get; private set; }

    /// <summary>The RTP destination was learned from the peer's own packets (or ICE), not taken from SDP.</summary>
    public bool RtpLatched { get; private set; }

    /// <summary>Where RTCP for the peer goes when not muxed.</summary>
    public SocketAddress RtcpPeer { get; }

    public bool HasRtcpPeer { get; private set; }

    /// <summary>The RTP destination as an address, for query; republished only when it changes.</summary>
    public IPEndPoint? RtpPeerEndPoint => Volatile.Read(ref _rtpPeerEndPoint);

    /// <summary>The RTCP destination as an address (the RTP one when muxed), for query.</summary>
    public IPEndPoint? RtcpPeerEndPoint => Volatile.Read(ref _rtcpPeerEndPoint);

    public bool RtcpLatched { get; private set; }

    /// <summary>The leg speaks SRTP: media without keys is not relayed either way.</summary>
    public bool RequiresSrtp { get; private set; }

    /// <summary>Decrypts what the peer sends.</summary>
    public SrtpContext? SrtpIn { get; private set; }

    /// <summary>Encrypts what is sent to the peer.</summary>
    public SrtpContext? SrtpOut { get; private set; }

    public IceLiteAgent? Ice { get; private set; }

    /// <summary>ICE component 2 on the RTCP port, when the peer does ICE without rtcp-mux.</summary>
    public IceLiteAgent? IceRtcp { get; private set; }

    /// <summary>TimeProvider timestamp until which the ICE peer's consent holds (RFC 7675).</summary>
    public long ConsentExpires { get; private set; }

    public DtlsPathConfig? DtlsConfig { get; private set; }

    public DtlsBinding? Dtls { get; private set; }

    /// <summary>Applies session control's decisions. Worker thread only.</summary>
    public void Apply(StreamPathConfig config)
    {
        if (_disposed)
        {
            return;
        }

        Name = config.Name;
        Partner = config.Partner;
        Attach(config.RtpEndpoint);
        RtpEndpoint = config.RtpEndpoint;
        if (config.RtcpEndpoint is { } rtcp)
        {
            Attach(rtcp);
        }

        RtcpEndpoint = config.RtcpEndpoint;
        RtcpMux = config.RtcpMux;
        Latching = config.Latching;
        if (config.ResetLatch)
        {
            RtpLatched = false;
            RtcpLatched = false;
        }

        ApplyIce(config.Ice);
        if (Ice is null && !RtpLatched)
        {
            HasRtpPeer = SetAddress(RtpPeer, config.SdpRtp);
        }

        if (!RtcpLatched)
        {
            HasRtcpPeer = SetAddress(RtcpPeer, config.SdpRtcp);
        }

        ApplySdes(config.SdesInbound, config.SdesOutbound);
        ApplyDtls(config.Dtls);
        RequiresSrtp = config.Secure;
        PublishPeers();
    }

    /// <summary>Stops the stream: closes its ports, DTLS session and crypto. Worker thread only.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var endpoint in _attached)
        {
            Worker.Detach(endpoint);
        }

        _attached.Clear();
        Partner = null;
        Ice?.Dispose();
        IceRtcp?.Dispose();
        Dtls?.Dispose();
        SrtpIn?.Dispose();
        SrtpOut?.Dispose();
        Ice = IceRtcp = null;
        Dtls = null;
        SrtpIn = SrtpOut = null;
    }

    /// <summary>The partner is going away: stop relaying into it. Worker thread only.</summary>
    public void Unlink() => Partner = null;

    /// <summary>Learns the peer's address from an authenticated packet (symmetric RTP, RFC 4961).</summary>
    public void Latch(bool rtcpPort, SocketAddress source)
    {
        if (rtcpPort)
        {
            if (!RtcpLatched || (Latching == LatchMode.Handover && !RtcpPeer.Equals(source)))
            {
                Copy(source, RtcpPeer);
                HasRtcpPeer = true;
                RtcpLatched = true;
                PublishPeers();
            }

            return;
        }

        if (!RtpLatched || (Latching == LatchMode.Handover && !RtpPeer.Equals(source)))
        {
            Copy(source, RtpPeer);
            HasRtpPeer = true;
            RtpLatched = true;
            PublishPeers();
        }
    }

    /// <summary>Publishes the destinations for readers on other threads; allocates, so only on a change.</summary>
    internal void PublishPeers()
    {
        Volatile.Write(ref _rtpPeerEndPoint, HasRtpPeer ? ToEndPoint(RtpPeer) : null);
        var rtcp = RtcpMux ? (HasRtpPeer ? RtpPeer : null) : (HasRtcpPeer ? RtcpPeer : null);
        Volatile.Write(ref _rtcpPeerEndPoint, rtcp is null ? null : ToEndPoint(rtcp));
    }

    private IPEndPoint ToEndPoint(SocketAddress address) =>
        (IPEndPoint)new IPEndPoint(Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(address);

    /// <summary>Whether a source is one that answered connectivity checks.</summary>
    public bool IsVerified(SocketAddress source)
    {
        for (var i = 0; i < _verifiedCount; i++)
        {
            if (_verified[i].Equals(source))
            {
                return true;
            }
        }

        return false;
    }

    internal static void Copy(SocketAddress from, SocketAddress to)
    {
        from.Buffer.Span[..from.Size].CopyTo(to.Buffer.Span);
        to.Size = from.Size;
    }

    private static bool SetAddress(SocketAddress target, IPEndPoint? endPoint)
    {
        if (endPoint is null || endPoint.Port == 0 || endPoint.AddressFamily != target.Family
            || endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        Copy(endPoint.Serialize(), target);
        return true;
    }

    private void Attach(MediaEndpoint endpoint)
    {
        if (!_attached.Contains(endpoint))
        {
            endpoint.Path = this;
            Worker.Attach(endpoint);
            _attached.Add(endpoint);
        }
    }

    private void ApplySdes(SdesKey? inbound, SdesKey? outbound)
    {
        // Same keys: keep the contexts, whose rollover counters and replay windows must survive a re-offer.
        if (!SdesKey.Same(inbound, _sdesInbound))
        {
            SrtpIn?.Dispose();
            SrtpIn = inbound?.CreateContext();
            _sdesInbound = inbound;
        }

        if (!SdesKey.Same(outbound, _sdesOutbound))
        {
            SrtpOut?.Dispose();
            SrtpOut = outbound?.CreateContext();
            _sdesOutbound = outbound;
        }
    }

    /// <summary>The source of a STUN request as the ICE agent wants it, converted once per new address.</summary>
    private IPEndPoint StunSource(SocketAddress source)
    {
        if (_stunSourceKey is null || !_stunSourceKey.Equals(source))
        {
            _stunSourceKey ??= new SocketAddress(Family);
            Copy(source, _stunSourceKey);
            _stunSource = ToEndPoint(source);
        }

        return _stunSource!;
    }

    private void AddVerified(SocketAddress source)
    {
        if (IsVerified(source) || _verifiedCount == _verified.Length)
        {
            return;
        }

        var copy = new SocketAddress(Family);
        Copy(source, copy);
        _verified[_verifiedCount++] = copy;
    }
}
