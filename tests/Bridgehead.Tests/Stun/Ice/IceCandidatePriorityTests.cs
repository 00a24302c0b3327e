using Bridgehead.Stun.Ice;

namespace Bridgehead.Tests.Stun.Ice;

public sealed class IceCandidatePriorityTests
{
    [Fact]
    public void Compute_HostRtpWithMaximumLocalPreference_IsWellKnownValue() =>
        Assert.Equal(2130706431u, IceCandidatePriority.Compute(126, 65535, 1));

    [Fact]
    public void ComputePair_FollowsRfc8445Formula()
    {
        Assert.Equal((5UL << 32) + (2 * 9UL) + 1, IceCandidatePriority.ComputePair(9, 5));
        Assert.Equal((5UL << 32) + (2 * 9UL), IceCandidatePriority.ComputePair(5, 9));
        Assert.Equal((7UL << 32) + (2 * 7UL), IceCandidatePriority.ComputePair(7, 7));
    }

    [Fact]
    public void Compute_ComponentOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => IceCandidatePriority.Compute(126, 0, 0));
}
