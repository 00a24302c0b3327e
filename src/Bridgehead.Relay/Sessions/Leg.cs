using Bridgehead.Relay.Ports;

namespace Bridgehead.Relay.Sessions;

/// <summary>
/// One party of a call (rtpengine's monologue), named by its SIP tag: the offerer by the
/// from-tag, the answerer by the to-tag once an answer names it. Guarded by the session's lock.
/// </summary>
internal sealed class Leg(MediaSession session, string? tag, RelayInterface relayInterface, DateTimeOffset created)
{
    public MediaSession Session { get; } = session;

    /// <summary>Null for the answerer until its answer arrives.</summary>
    public string? Tag { get; set; } = tag;

    public RelayInterface Interface { get; set; } = relayInterface;

    public DateTimeOffset Created { get; } = created;

    public List<MediaStream> Streams { get; } = [];

    /// <summary>The party this one talks to.</summary>
    public Leg? Other { get; set; }

    public string? Label { get; set; }

    public string? ViaBranch { get; set; }

    /// <summary>Its last offer grouped its media with BUNDLE, so our answer to it may too (RFC 9143 §7.3).</summary>
    public bool OfferedBundle { get; set; }
}
