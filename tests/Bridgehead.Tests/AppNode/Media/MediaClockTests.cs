using Bridgehead.AppNode.Media;
using Bridgehead.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Tests.AppNode.Media;

public sealed class MediaClockTests
{
    private sealed class Counter : IPacedSender
    {
        public List<long> Ticks { get; } = [];

        public void OnTick(long tick) => Ticks.Add(tick);
    }

    [Fact]
    public void OnTick_OneSecondInSmallSteps_Exactly50FramesInOrder()
    {
        var time = new FakeTimeProvider();
        using var clock = new MediaClock(time);
        var counter = new Counter();
        clock.Add(counter);
        time.AdvanceInSteps(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(7));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), counter.Ticks);
    }

    [Fact]
    public void OnTick_LateWakeUps_CatchUpWithoutDrift()
    {
        var time = new FakeTimeProvider();
        using var clock = new MediaClock(time);
        var counter = new Counter();
        clock.Add(counter);

        // Wake-ups 50 ms apart: every due frame goes out at each, none is lost and none is extra.
        time.AdvanceInSteps(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));
        Assert.Equal(100, counter.Ticks.Count);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), counter.Ticks);
    }

    [Fact]
    public void OnTick_StallLongerThanCatchUp_SkipsAheadInsteadOfBursting()
    {
        var time = new FakeTimeProvider();
        using var clock = new MediaClock(time);
        var counter = new Counter();
        clock.Add(counter);
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal([1L], counter.Ticks);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1 + MediaClock.MaxCatchUp, counter.Ticks.Count);
        Assert.Equal(51, counter.Ticks[^1]);
    }

    [Fact]
    public void Remove_LastSender_StopsTheTimer()
    {
        var time = new FakeTimeProvider();
        using var clock = new MediaClock(time);
        var counter = new Counter();
        clock.Add(counter);
        time.AdvanceInSteps(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10));
        clock.Remove(counter);
        time.AdvanceInSteps(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10));
        Assert.Equal(5, counter.Ticks.Count);
        Assert.Equal(0, clock.Count);
    }
}
