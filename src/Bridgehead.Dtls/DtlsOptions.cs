namespace Bridgehead.Dtls;

/// <summary>Process-wide DTLS settings; each is a limit or preference with a documented default.</summary>
public sealed class DtlsOptions
{
    /// <summary>
    /// Profiles to offer (client) or accept (server), most preferred first. A server picks the
    /// first of these that the client offered; a client offers exactly these.
    /// Default: <see cref="SrtpProtectionProfiles.DefaultPreference"/>.
    /// </summary>
    public IList<SrtpProtectionProfile> SrtpProfiles { get; init; } = [.. SrtpProtectionProfiles.DefaultPreference];

    /// <summary>
    /// How long a handshake may take from the session's start until keys are exported. The server
    /// waits for a ClientHello within this time too, and ICE may take a while before the browser
    /// sends one, so the default (30 s) matches the time Chromium gives ICE before it fails.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// First retransmission timer of a flight; it doubles on each retransmission up to 60 s, as
    /// BouncyCastle does. RFC 6347 §4.2.4.1 recommends 1 s (the default).
    /// </summary>
    public TimeSpan InitialRetransmitTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Largest datagram sent. BouncyCastle fragments handshake messages to fit. 1200 bytes keeps
    /// a datagram inside any path MTU WebRTC meets (the figure ICE and QUIC also use).
    /// </summary>
    public int SendLimit { get; set; } = 1200;

    /// <summary>
    /// Largest datagram accepted; longer ones are dropped. At least 1500: Chromium's first
    /// ClientHello datagram alone carries 1200 bytes of payload.
    /// </summary>
    public int ReceiveLimit { get; set; } = 1500;

    /// <summary>
    /// Datagrams that may wait for the handshake thread; more are dropped and recovered by
    /// retransmission, so a flood cannot grow memory.
    /// </summary>
    public int InboundQueueCapacity { get; set; } = 64;

    internal void Validate()
    {
        if (SrtpProfiles is null || SrtpProfiles.Count == 0)
        {
            throw new ArgumentException("at least one SRTP profile is needed", nameof(SrtpProfiles));
        }

        foreach (var profile in SrtpProfiles)
        {
            if (!SrtpProtectionProfiles.IsSupported((int)profile))
            {
                throw new ArgumentException($"SRTP profile {profile} is not implemented", nameof(SrtpProfiles));
            }
        }

        Require(HandshakeTimeout > TimeSpan.Zero && HandshakeTimeout.TotalMilliseconds <= int.MaxValue, nameof(HandshakeTimeout));
        Require(InitialRetransmitTimeout >= TimeSpan.FromMilliseconds(1) && InitialRetransmitTimeout <= TimeSpan.FromSeconds(60), nameof(InitialRetransmitTimeout));
        Require(SendLimit is >= 256 and <= 65507, nameof(SendLimit));
        Require(ReceiveLimit is >= 1500 and <= 65507, nameof(ReceiveLimit));
        Require(InboundQueueCapacity is >= 4 and <= 4096, nameof(InboundQueueCapacity));
    }

    private static void Require(bool condition, string name)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name);
        }
    }
}
