namespace Bridgehead.Stun.Ice;

/// <summary>
/// What one media stream's ICE-lite agent is asked to be: its credentials (from our SDP), the
/// peer's ufrag once its SDP is known, and the tie-breaker (random, drawn by the caller so that
/// randomness stays injected).
/// </summary>
public sealed record IceLiteConfig
{
    /// <summary>Our a=ice-ufrag.</summary>
    public required string LocalUfrag { get; init; }

    /// <summary>Our a=ice-pwd: the short-term password that signs every check and answer.</summary>
    public required string LocalPassword { get; init; }

    /// <summary>The peer's a=ice-ufrag; null until its SDP arrives, and then any sender part is accepted.</summary>
    public string? RemoteUfrag { get; init; }

    /// <summary>The 64-bit value compared on a role conflict (RFC 8445 §7.3.1.1).</summary>
    public required ulong TieBreaker { get; init; }

    public IceRole Role { get; init; } = IceRole.Controlled;

    /// <summary>The priority of our (single, host) candidate for this component, used in pair priorities.</summary>
    public uint LocalPriority { get; init; } = IceCandidatePriority.DefaultHost;

    /// <summary>How many remote transport addresses are remembered; checks from more are dropped.</summary>
    public int MaxCandidatePairs { get; init; } = 8;

    /// <summary>SOFTWARE attribute for answers, or null to send none.</summary>
    public string? Software { get; init; }

    /// <summary>Consent expires this long after the last authenticated check (RFC 7675 §5.1: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
