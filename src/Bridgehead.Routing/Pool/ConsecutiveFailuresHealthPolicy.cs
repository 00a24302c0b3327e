namespace Bridgehead.Routing.Pool;

/// <summary>
/// Down after N consecutive failures (probes or real calls), up again after M consecutive
/// answered probes — Kamailio's ds_probing_threshold and ds_inactive_threshold. The first answered
/// probe of a destination never seen makes it up at once; a real call that was answered clears
/// the failure count but only probes bring a down destination back (it gets no calls to prove
/// itself with).
/// </summary>
public sealed class ConsecutiveFailuresHealthPolicy : IHealthPolicy
{
    public const string PolicyName = "consecutive-failures";

    public ConsecutiveFailuresHealthPolicy(int failuresToDown, int successesToUp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failuresToDown, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(successesToUp, 1);
        FailuresToDown = failuresToDown;
        SuccessesToUp = successesToUp;
    }

    public string Name => PolicyName;

    public int FailuresToDown { get; }

    public int SuccessesToUp { get; }

    public DestinationHealth Apply(DestinationHealth current, HealthSignal signal, DateTimeOffset now, string? reason)
    {
        ArgumentNullException.ThrowIfNull(current);
        switch (signal)
        {
            case HealthSignal.ProbeAlive:
                {
                    var successes = current.ConsecutiveSuccesses + 1;
                    var status = current.Status switch
                    {
                        HealthStatus.Unknown => HealthStatus.Up,
                        HealthStatus.Down when successes >= SuccessesToUp => HealthStatus.Up,
                        var s => s,
                    };
                    return With(current, status, 0, successes, now, current.LastReason);
                }

            case HealthSignal.PassiveSuccess:
                return current.ConsecutiveFailures == 0 ? current : With(current, current.Status, 0, current.ConsecutiveSuccesses, now, current.LastReason);

            default:
                {
                    var failures = current.ConsecutiveFailures + 1;
                    var status = current.Status != HealthStatus.Down && failures >= FailuresToDown ? HealthStatus.Down : current.Status;
                    return With(current, status, failures, 0, now, reason);
                }
        }
    }

    private static DestinationHealth With(DestinationHealth current, HealthStatus status, int failures, int successes, DateTimeOffset now, string? reason) =>
        new(status, failures, successes, status == current.Status ? current.Since : now, reason);
}
