using Bridgehead.Routing.Pool;

namespace Bridgehead.Tests.Routing.Pool;

public sealed class ConsecutiveFailuresHealthPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ConsecutiveFailuresHealthPolicy _policy = new(failuresToDown: 3, successesToUp: 2);

    private DestinationHealth Run(DestinationHealth h, params HealthSignal[] signals)
    {
        var t = T0;
        foreach (var s in signals)
        {
            t = t.AddSeconds(1);
            h = _policy.Apply(h, s, t, s.ToString());
        }

        return h;
    }

    [Fact]
    public void Apply_FirstAnsweredProbe_UnknownBecomesUp()
    {
        var h = Run(DestinationHealth.Initial(T0), HealthSignal.ProbeAlive);
        Assert.Equal(HealthStatus.Up, h.Status);
        Assert.Equal(T0.AddSeconds(1), h.Since);
    }

    [Fact]
    public void Apply_FailuresBelowThreshold_StaysUp()
    {
        var h = Run(DestinationHealth.Initial(T0), HealthSignal.ProbeAlive, HealthSignal.ProbeFailed, HealthSignal.PassiveFailure);
        Assert.Equal(HealthStatus.Up, h.Status);
        Assert.Equal(2, h.ConsecutiveFailures);
    }

    [Fact]
    public void Apply_ThresholdOfMixedProbeAndPassiveFailures_GoesDownWithTheLastReason()
    {
        var h = Run(DestinationHealth.Initial(T0), HealthSignal.ProbeAlive, HealthSignal.ProbeFailed, HealthSignal.PassiveFailure, HealthSignal.ProbeFailed);
        Assert.Equal(HealthStatus.Down, h.Status);
        Assert.Equal(T0.AddSeconds(4), h.Since);
        Assert.Equal("ProbeFailed", h.LastReason);
    }

    [Fact]
    public void Apply_SuccessBetweenFailures_ResetsTheCount()
    {
        var h = Run(DestinationHealth.Initial(T0), HealthSignal.ProbeFailed, HealthSignal.ProbeFailed, HealthSignal.PassiveSuccess, HealthSignal.ProbeFailed, HealthSignal.ProbeFailed);
        Assert.NotEqual(HealthStatus.Down, h.Status);
        Assert.Equal(2, h.ConsecutiveFailures);
    }

    [Fact]
    public void Apply_Down_ComesBackOnlyAfterEnoughAnsweredProbes()
    {
        var down = Run(DestinationHealth.Initial(T0), HealthSignal.ProbeFailed, HealthSignal.ProbeFailed, HealthSignal.ProbeFailed);
        Assert.Equal(HealthStatus.Down, down.Status);

        var once = Run(down, HealthSignal.ProbeAlive);
        Assert.Equal(HealthStatus.Down, once.Status);
        var twice = Run(once, HealthSignal.ProbeAlive);
        Assert.Equal(HealthStatus.Up, twice.Status);
    }

    [Fact]
    public void Apply_DownThenAPassiveSuccess_StaysDown()
    {
        var down = Run(DestinationHealth.Initial(T0), HealthSignal.ProbeFailed, HealthSignal.ProbeFailed, HealthSignal.ProbeFailed);
        Assert.Equal(HealthStatus.Down, Run(down, HealthSignal.PassiveSuccess, HealthSignal.PassiveSuccess).Status);
    }

    [Fact]
    public void Apply_DownThenAliveThenFailed_NeedsTheFullCountAgain()
    {
        var down = Run(DestinationHealth.Initial(T0), HealthSignal.ProbeFailed, HealthSignal.ProbeFailed, HealthSignal.ProbeFailed);
        var h = Run(down, HealthSignal.ProbeAlive, HealthSignal.ProbeFailed, HealthSignal.ProbeAlive);
        Assert.Equal(HealthStatus.Down, h.Status);
        Assert.Equal(HealthStatus.Up, Run(h, HealthSignal.ProbeAlive).Status);
    }

    [Fact]
    public void Constructor_ZeroThreshold_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsecutiveFailuresHealthPolicy(0, 1));
}
