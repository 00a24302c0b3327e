using Bridgehead.Routing.Auth;

namespace Bridgehead.Tests.Routing.Auth;

/// <summary>Nonce-count replay protection (RFC 7616 §5.4).</summary>
public sealed class NonceTrackerTests
{
    private static readonly DateTimeOffset Issued = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryAccept_EachCountOnceAndOnlyGrowing()
    {
        var tracker = new NonceTracker();

        Assert.True(tracker.TryAccept("n1", 1, Issued));
        Assert.False(tracker.TryAccept("n1", 1, Issued));
        Assert.True(tracker.TryAccept("n1", 3, Issued));
        Assert.False(tracker.TryAccept("n1", 2, Issued));
        Assert.True(tracker.TryAccept("n2", 1, Issued));
        Assert.Equal(2, tracker.Count);
    }

    [Fact]
    public void Purge_DropsNoncesIssuedBeforeTheCutOff()
    {
        var tracker = new NonceTracker();
        tracker.TryAccept("old", 1, Issued);
        tracker.TryAccept("new", 1, Issued.AddMinutes(10));

        tracker.Purge(Issued.AddMinutes(5));

        Assert.Equal(1, tracker.Count);
        Assert.False(tracker.TryAccept("new", 1, Issued.AddMinutes(10)));
    }
}
