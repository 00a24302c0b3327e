using Bridgehead.Routing.Pool;
using Bridgehead.Sip;

namespace Bridgehead.Tests.Routing.Pool;

public sealed class OptionsProberTests : IDisposable
{
    private readonly PoolEdge _edge = new(o =>
    {
        o.Health.ProbeInterval = TimeSpan.FromSeconds(5);
        o.Health.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.Health.FailuresToDown = 2;
        o.Health.SuccessesToUp = 2;
        o.Health.AliveReplies = ["2xx", "404"];
    });

    public void Dispose() => _edge.Dispose();

    private DestinationState Switch(int n) => _edge.State.Current.Sets[1].Members[n - 1].State;

    [Fact]
    public void ProbeAll_SendsOneOptionsPerDestination_FromOurListener()
    {
        _edge.LoadSet(2);

        _edge.Prober.ProbeAll();

        var probes = _edge.Sender.ToSwitches(SipMethod.Options);
        Assert.Equal([PoolEdge.SwitchEndPoint(1), PoolEdge.SwitchEndPoint(2)], probes.Select(p => p.Destination.EndPoint).Order(new EndPointOrder()));
        Assert.All(probes, p =>
        {
            Assert.Equal("192.0.2.1", p.Message.TopVia.HostText);
            Assert.Equal(70, p.Message.MaxForwards);
        });
    }

    [Fact]
    public void Reply200_UnknownBecomesUp()
    {
        _edge.LoadSet(1);
        _edge.Prober.ProbeAll();

        _edge.Answer(_edge.Sender.ToSwitches(SipMethod.Options).Single(), 200, "OK");

        Assert.Equal(HealthStatus.Up, Switch(1).Health.Status);
        Assert.Equal(1, Switch(1).Probes);
    }

    [Fact]
    public void NoReplyWithinTheProbeTimeout_TwiceInARow_GoesDown()
    {
        _edge.LoadSet(1);
        _edge.Prober.ProbeAll();
        _edge.Advance(TimeSpan.FromSeconds(1.1));
        Assert.Equal(1, Switch(1).Health.ConsecutiveFailures);

        _edge.Prober.ProbeAll();
        _edge.Advance(TimeSpan.FromSeconds(1.1));

        Assert.Equal(HealthStatus.Down, Switch(1).Health.Status);
        Assert.Equal("no answer to OPTIONS", Switch(1).Health.LastReason);
    }

    [Fact]
    public void ReplyNotInAliveReplies_IsAFailure_ButAConfiguredCodeIsAlive()
    {
        _edge.LoadSet(2);
        _edge.Prober.ProbeAll();
        var probes = _edge.Sender.ToSwitches(SipMethod.Options);

        _edge.Answer(probes.Single(p => p.Destination.EndPoint.Equals(PoolEdge.SwitchEndPoint(1))), 503, "Service Unavailable");
        _edge.Answer(probes.Single(p => p.Destination.EndPoint.Equals(PoolEdge.SwitchEndPoint(2))), 404, "Not Found");

        Assert.Equal(1, Switch(1).Health.ConsecutiveFailures);
        Assert.Equal("503 to OPTIONS", Switch(1).Health.LastReason);
        Assert.Equal(HealthStatus.Up, Switch(2).Health.Status);
    }

    [Fact]
    public void DownSwitch_AnsweringAgain_ComesBackByItself()
    {
        _edge.LoadSet(1);
        for (var i = 0; i < 2; i++)
        {
            _edge.Prober.ProbeAll();
            _edge.Advance(TimeSpan.FromSeconds(1.1));
        }

        Assert.Equal(HealthStatus.Down, Switch(1).Health.Status);

        for (var i = 0; i < 2; i++)
        {
            _edge.Sender.Clear();
            _edge.Prober.ProbeAll();
            _edge.Answer(_edge.Sender.ToSwitches(SipMethod.Options).Single(), 200, "OK");
        }

        Assert.Equal(HealthStatus.Up, Switch(1).Health.Status);
    }

    [Fact]
    public void ProbeStillUnderWay_IsNotSentAgain()
    {
        _edge.LoadSet(1);
        _edge.Prober.ProbeAll();
        _edge.Prober.ProbeAll();

        Assert.Single(_edge.Sender.ToSwitches(SipMethod.Options));
    }

    [Fact]
    public void Start_ProbesAtOnceThenEveryInterval()
    {
        _edge.LoadSet(1);
        _edge.Prober.Start();
        _edge.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Single(_edge.Sender.ToSwitches(SipMethod.Options));

        _edge.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(3, _edge.Sender.ToSwitches(SipMethod.Options).Count);
    }

    private sealed class EndPointOrder : IComparer<System.Net.IPEndPoint>
    {
        public int Compare(System.Net.IPEndPoint? x, System.Net.IPEndPoint? y) => string.CompareOrdinal(x?.ToString(), y?.ToString());
    }
}
