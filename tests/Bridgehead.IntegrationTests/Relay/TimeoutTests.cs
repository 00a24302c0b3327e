using Bridgehead.Ng;

namespace Bridgehead.IntegrationTests.Relay;

/// <summary>The no-media timeout on a real clock: a call nobody deletes and nobody sends media in goes away with its ports.</summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task SessionWithoutMedia_PastMediaTimeout_EndsAndFreesItsPorts()
    {
        using var harness = new RelayHarness(o =>
        {
            o.MediaTimeout = TimeSpan.FromMilliseconds(600);
            o.SweepInterval = TimeSpan.FromMilliseconds(100);
        });
        var callId = RelayHarness.NewCallId();
        harness.Offer(new NgOfferCommand(callId, "a", RelaySdp.Plain(4000)));
        harness.Answer(new NgAnswerCommand(callId, "a", "b", RelaySdp.Plain(5000)));
        Assert.Equal(2, harness.Relay.PortsInUse);

        for (var i = 0; i < 50 && harness.Relay.SessionCount > 0; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, harness.Relay.SessionCount);
        for (var i = 0; i < 20 && harness.Relay.PortsInUse > 0; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, harness.Relay.PortsInUse);
        var statistics = Assert.IsType<NgStatisticsReply>(harness.Relay.Statistics());
        Assert.Equal(1, statistics.GetCounter("totalstatistics", "timeoutsessions"));
    }
}
