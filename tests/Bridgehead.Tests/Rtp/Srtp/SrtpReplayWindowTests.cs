using Bridgehead.Rtp.Srtp;
using CsCheck;

namespace Bridgehead.Tests.Rtp.Srtp;

public sealed class SrtpReplayWindowTests
{
    [Fact]
    public void Check_FreshWindow_AcceptsAnything()
    {
        var window = new SrtpReplayWindow(64);
        Assert.Equal(SrtpResult.Ok, window.Check(0));
        Assert.Equal(SrtpResult.Ok, window.Check(1L << 40));
    }

    [Fact]
    public void Check_BigJumpForward_ForgetsOldBits()
    {
        var window = new SrtpReplayWindow(64);
        window.Accept(10);
        window.Accept(10 + 64);
        Assert.Equal(SrtpResult.Replayed, window.Check(74));
        Assert.Equal(SrtpResult.Ok, window.Check(73));
        Assert.Equal(SrtpResult.TooOld, window.Check(10));
        window.Accept(10_000);
        Assert.Equal(SrtpResult.Ok, window.Check(9_999));
    }

    [Fact]
    public void CheckAndAccept_RandomArrivals_MatchReferenceModel()
    {
        // A model that remembers every index: anything within `size` of the highest is a replay
        // iff seen before; anything older is too old.
        Gen.Select(Gen.Int[64, 200], Gen.Long[0, 400].Array[1, 300]).Sample((size, arrivals) =>
        {
            var window = new SrtpReplayWindow(size);
            var seen = new HashSet<long>();
            long highest = -1;
            foreach (var index in arrivals)
            {
                SrtpResult expected = index > highest ? SrtpResult.Ok
                    : highest - index >= size ? SrtpResult.TooOld
                    : seen.Contains(index) ? SrtpResult.Replayed : SrtpResult.Ok;
                Assert.Equal(expected, window.Check(index));
                if (expected == SrtpResult.Ok)
                {
                    window.Accept(index);
                    seen.Add(index);
                    highest = Math.Max(highest, index);
                }
            }
        }, iter: 500);
    }
}
