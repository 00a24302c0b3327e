using Bridgehead.Relay.Io;

namespace Bridgehead.Relay.Sessions;

/// <summary>
/// One call: its Call-ID, its two legs, and the worker thread all its packets run on. Commands
/// for the call run under <see cref="Lock"/>; its per-packet state lives in the legs' stream paths.
/// </summary>
internal sealed class MediaSession(string callId, IMediaWorker worker, DateTimeOffset created, long createdTimestamp)
{
    public string CallId { get; } = callId;

    public IMediaWorker Worker { get; } = worker;

    public Lock Lock { get; } = new();

    public DateTimeOffset Created { get; } = created;

    public long CreatedTimestamp { get; } = createdTimestamp;

    public DateTimeOffset LastSignal { get; set; } = created;

    public long LastSignalTimestamp { get; set; } = createdTimestamp;

    public List<Leg> Legs { get; } = [];

    /// <summary>Removed from the relay; late commands find nothing to do.</summary>
    public bool Ended { get; set; }

    /// <summary>A delete with delete-delay: the session ends at this timestamp.</summary>
    public long? DeleteAt { get; set; }

    public Leg? FindLeg(string tag)
    {
        foreach (var leg in Legs)
        {
            if (leg.Tag == tag)
            {
                return leg;
            }
        }

        return null;
    }

    /// <summary>The latest of the last signalling and the last packet on any stream (TimeProvider timestamp).</summary>
    public long LastActivity()
    {
        var latest = LastSignalTimestamp;
        foreach (var leg in Legs)
        {
            foreach (var stream in leg.Streams)
            {
                latest = Math.Max(latest, stream.Path.Counters.LastPacket);
            }
        }

        return latest;
    }
}
