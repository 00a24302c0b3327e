namespace Bridgehead.Routing.Pool;

/// <summary>What the edge believes about a destination's health (never the operator's admin state).</summary>
public enum HealthStatus : byte
{
    /// <summary>Not probed yet (or never probed): taken as usable.</summary>
    Unknown,

    Up,

    Down,
}

/// <summary>Evidence about a destination's health.</summary>
public enum HealthSignal : byte
{
    /// <summary>An OPTIONS probe got a reply that counts as alive.</summary>
    ProbeAlive,

    /// <summary>An OPTIONS probe got no reply in time, a reply that does not count, or could not be sent.</summary>
    ProbeFailed,

    /// <summary>A real request got an answer from the destination.</summary>
    PassiveSuccess,

    /// <summary>A real request got no answer in time, a 503, or a transport error.</summary>
    PassiveFailure,
}

/// <summary>An immutable health snapshot; the health updater replaces it whole.</summary>
/// <param name="Status">Up, down, or not known yet.</param>
/// <param name="ConsecutiveFailures">Failures since the last success.</param>
/// <param name="ConsecutiveSuccesses">Successful probes since the last failure.</param>
/// <param name="Since">When <paramref name="Status"/> last changed.</param>
/// <param name="LastReason">What the last failure was ("no answer to OPTIONS", "503" …), or null.</param>
public sealed record DestinationHealth(
    HealthStatus Status,
    int ConsecutiveFailures,
    int ConsecutiveSuccesses,
    DateTimeOffset Since,
    string? LastReason)
{
    public static DestinationHealth Initial(DateTimeOffset now) => new(HealthStatus.Unknown, 0, 0, now, null);
}

/// <summary>Computes the next health from the current one and a signal: pure, chosen by name in configuration.</summary>
public interface IHealthPolicy
{
    string Name { get; }

    DestinationHealth Apply(DestinationHealth current, HealthSignal signal, DateTimeOffset now, string? reason);
}
