using Bridgehead.Sip;

namespace Bridgehead.Tests.Routing.Pool;

/// <summary>Load-balanced calls through the edge: capacity, 503 when full, release on failure, BYE and expiry.</summary>
public sealed class LoadBalancerCallTests : IDisposable
{
    private readonly PoolEdge _edge = new(o =>
    {
        o.Rules = [new() { Group = 1, Resources = "pstn" }];
        o.LoadBalancer.CallLifetime = TimeSpan.FromMinutes(10);
    });

    public void Dispose() => _edge.Dispose();

    [Fact]
    public void SixthConcurrentCall_GoesToAnotherSwitch_AndWhenAllAreFull503()
    {
        _edge.LoadGroup(3, "pstn=5;vm=10");
        for (var i = 0; i < 15; i++)
        {
            _edge.Invite();
        }

        var perSwitch = _edge.Sender.ToSwitches(SipMethod.Invite).GroupBy(i => i.Destination.EndPoint).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, perSwitch.Count);
        Assert.All(perSwitch.Values, c => Assert.Equal(5, c));

        _edge.Sender.Clear();
        _edge.Invite();
        Assert.Empty(_edge.Sender.ToSwitches(SipMethod.Invite));
        Assert.Equal([503], _edge.Sender.ToCaller());
    }

    [Fact]
    public void Resources_AreHeldWhileAnswered_AndReleasedOnBye()
    {
        _edge.LoadGroup(1, "pstn=1");
        var callId = _edge.Invite();
        var invite = _edge.Sender.ToSwitches(SipMethod.Invite).Single();
        _edge.Answer(invite, 200, "OK");
        var member = _edge.State.Current.Groups[1].Members[0];
        Assert.Equal(1, member.Usage.Used("pstn"));
        Assert.Equal(1, _edge.Calls.Count);

        _edge.Sender.Clear();
        _edge.Invite();
        Assert.Equal([503], _edge.Sender.ToCaller());

        _edge.Receive(
            "BYE sip:10.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.10:5062;branch=z9hG4bK-bye1\r\n" +
            "Route: <sip:192.0.2.1:5060;lr>\r\n" +
            $"From: <sip:alice@example.com>;tag=caller1\r\nTo: <sip:9000@example.com>;tag=sw\r\nCall-ID: {callId}\r\nCSeq: 2 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
            PoolEdge.Caller);

        Assert.Equal(0, member.Usage.Used("pstn"));
        Assert.Equal(0, _edge.Calls.Count);
        _edge.Sender.Clear();
        _edge.Invite();
        Assert.Single(_edge.Sender.ToSwitches(SipMethod.Invite));
    }

    [Theory]
    [InlineData(486, "Busy Here")]
    [InlineData(503, "Service Unavailable")]
    public void FailedCall_ReleasesItsResources(int status, string reason)
    {
        _edge.LoadGroup(1, "pstn=1");
        _edge.Invite();

        _edge.Answer(_edge.Sender.ToSwitches(SipMethod.Invite).Single(), status, reason);

        Assert.Equal(0, _edge.State.Current.Groups[1].Members[0].Usage.Used("pstn"));
    }

    [Fact]
    public void NoAnswer_ReleasesTheFirstSwitch_AndTheNextOneTakesTheResources()
    {
        _edge.LoadGroup(2, "pstn=1");
        _edge.Invite();
        var first = _edge.Sender.ToSwitches(SipMethod.Invite)[0];

        _edge.Advance(_edge.Options.NoAnswerTimeout + TimeSpan.FromMilliseconds(100));

        var members = _edge.State.Current.Groups[1].Members;
        var second = _edge.Sender.ToSwitches(SipMethod.Invite)[1];
        Assert.NotEqual(first.Destination.EndPoint, second.Destination.EndPoint);
        Assert.Equal(0, members.Single(m => m.State.Destination!.Value.EndPoint.Equals(first.Destination.EndPoint)).Usage.Used("pstn"));
        Assert.Equal(1, members.Single(m => m.State.Destination!.Value.EndPoint.Equals(second.Destination.EndPoint)).Usage.Used("pstn"));
    }

    [Fact]
    public void AnsweredCallWithoutBye_IsReleasedWhenItsLifetimeRunsOut()
    {
        _edge.LoadGroup(1, "pstn=1");
        _edge.Invite();
        _edge.Answer(_edge.Sender.ToSwitches(SipMethod.Invite).Single(), 200, "OK");

        _edge.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, _edge.Router.SweepExpiredCalls());
        _edge.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, _edge.Router.SweepExpiredCalls());

        Assert.Equal(0, _edge.State.Current.Groups[1].Members[0].Usage.Used("pstn"));
    }

    [Fact]
    public void Cancel_ReleasesTheResources()
    {
        _edge.LoadGroup(1, "pstn=1");
        _edge.Invite(callId: "c1");
        var invite = _edge.Sender.ToSwitches(SipMethod.Invite).Single();
        _edge.Answer(invite, 180, "Ringing");
        _edge.CancelLast("c1");
        _edge.Answer(invite, 487, "Request Terminated");

        Assert.Contains(487, _edge.Sender.ToCaller());
        Assert.Equal(0, _edge.State.Current.Groups[1].Members[0].Usage.Used("pstn"));
    }

    [Fact]
    public void UnknownResource_NoMemberOffersIt_503Unavailable()
    {
        using var edge = new PoolEdge(o => o.Rules = [new() { Group = 1, Resources = "conf" }]);
        edge.LoadGroup(2, "pstn=5");

        edge.Invite();

        Assert.Equal([503], edge.Sender.ToCaller());
    }
}
