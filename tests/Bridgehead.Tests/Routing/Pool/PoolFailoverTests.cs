using Bridgehead.Routing.Pool;
using Bridgehead.Sip;

namespace Bridgehead.Tests.Routing.Pool;

/// <summary>
/// Calls through the edge to a pool of switches: sequential failover on no answer, 503, 5xx and
/// 408, never on a switch's own answer; CANCEL during failover; 503 when nothing can take a call;
/// passive health; load-balancer accounting released on failure, BYE and expiry.
/// </summary>
public sealed class PoolFailoverTests : IDisposable
{
    private readonly PoolEdge _edge = new(o =>
    {
        o.NoAnswerTimeout = TimeSpan.FromSeconds(2);
        o.Health.FailuresToDown = 2;
    });

    public void Dispose() => _edge.Dispose();

    [Fact]
    public void Invite_NotForARegisteredUser_GoesToOneSwitchOfSet1()
    {
        _edge.LoadSet(3);

        _edge.Invite();

        var invites = _edge.Sender.ToSwitches(SipMethod.Invite);
        Assert.Single(invites);
        Assert.Contains(invites[0].Destination.EndPoint, Enumerable.Range(1, 3).Select(PoolEdge.SwitchEndPoint));
        Assert.Equal([100], _edge.Sender.ToCaller());
        Assert.Equal("sip:9000@example.com", invites[0].Message.Uri.ToString());
    }

    [Fact]
    public void NoAnswerInTime_NextSwitchIsTried_AndItsAnswerReachesTheCaller()
    {
        _edge.LoadSet(3);
        _edge.Invite();
        var first = _edge.Sender.ToSwitches(SipMethod.Invite)[0];

        _edge.Advance(TimeSpan.FromSeconds(2.1));

        var invites = _edge.Sender.ToSwitches(SipMethod.Invite);
        Assert.Equal(2, invites.Count);
        Assert.NotEqual(first.Destination.EndPoint, invites[1].Destination.EndPoint);
        _edge.Answer(invites[1], 180, "Ringing");
        _edge.Answer(invites[1], 200, "OK");
        Assert.Equal([100, 180, 200], _edge.Sender.ToCaller());
    }

    [Fact]
    public void NoAnswer_LateProvisionalFromTheAbandonedSwitch_GetsCancelledNotForwarded()
    {
        _edge.LoadSet(2);
        _edge.Invite();
        var first = _edge.Sender.ToSwitches(SipMethod.Invite)[0];
        _edge.Advance(TimeSpan.FromSeconds(2.1));

        _edge.Answer(first, 180, "Ringing");

        var cancels = _edge.Sender.ToSwitches(SipMethod.Cancel);
        Assert.Single(cancels);
        Assert.Equal(first.Destination.EndPoint, cancels[0].Destination.EndPoint);
        Assert.Equal([100], _edge.Sender.ToCaller());
    }

    [Theory]
    [InlineData(503, "Service Unavailable")]
    [InlineData(500, "Server Internal Error")]
    [InlineData(408, "Request Timeout")]
    [InlineData(580, "Precondition Failure")]
    public void FailoverStatus_NextSwitchIsTried(int status, string reason)
    {
        _edge.LoadSet(3);
        _edge.Invite();
        var first = _edge.Sender.ToSwitches(SipMethod.Invite)[0];

        _edge.Answer(first, status, reason);

        var invites = _edge.Sender.ToSwitches(SipMethod.Invite);
        Assert.Equal(2, invites.Count);
        Assert.NotEqual(first.Destination.EndPoint, invites[1].Destination.EndPoint);
        Assert.DoesNotContain(status, _edge.Sender.ToCaller());
    }

    [Theory]
    [InlineData(486, "Busy Here")]
    [InlineData(404, "Not Found")]
    [InlineData(603, "Decline")]
    public void SwitchOwnAnswer_IsTheCallsAnswer_NoOtherSwitchIsAsked(int status, string reason)
    {
        _edge.LoadSet(3);
        _edge.Invite();
        var first = _edge.Sender.ToSwitches(SipMethod.Invite)[0];

        _edge.Answer(first, status, reason);

        Assert.Single(_edge.Sender.ToSwitches(SipMethod.Invite));
        Assert.Equal([100, status], _edge.Sender.ToCaller());
    }

    [Fact]
    public void EverySwitchFails_EachIsTriedOnce_ThenTheCallerGetsAFinal()
    {
        _edge.LoadSet(3);
        _edge.Invite();
        for (var i = 0; i < 3; i++)
        {
            _edge.Answer(_edge.Sender.ToSwitches(SipMethod.Invite)[i], 503, "Service Unavailable");
        }

        var invites = _edge.Sender.ToSwitches(SipMethod.Invite);
        Assert.Equal(3, invites.Select(i => i.Destination.EndPoint).Distinct().Count());
        var finals = _edge.Sender.ToCaller().Where(s => s >= 200).ToList();
        Assert.Single(finals);
        Assert.True(finals[0] >= 500, $"got {finals[0]}");
    }

    [Fact]
    public void CancelDuringFailover_RingingSwitchIsCancelled_NoFurtherSwitch_CallerGets487()
    {
        _edge.LoadSet(3);
        _edge.Invite(callId: "cancel-me");
        _edge.Answer(_edge.Sender.ToSwitches(SipMethod.Invite)[0], 503, "Service Unavailable");
        var second = _edge.Sender.ToSwitches(SipMethod.Invite)[1];
        _edge.Answer(second, 180, "Ringing");

        _edge.CancelLast("cancel-me");
        _edge.Answer(second, 487, "Request Terminated");

        Assert.Contains(_edge.Sender.ToSwitches(SipMethod.Cancel), c => c.Destination.EndPoint.Equals(second.Destination.EndPoint));
        Assert.Equal(2, _edge.Sender.ToSwitches(SipMethod.Invite).Count);
        Assert.Equal(487, _edge.Sender.ToCaller().Last());
    }

    [Fact]
    public void CancelDuringFailover_SilentSwitch_NoFurtherSwitchAfterItsNoAnswer_CallerGets487()
    {
        _edge.LoadSet(3);
        _edge.Invite(callId: "cancel-silent");
        _edge.Answer(_edge.Sender.ToSwitches(SipMethod.Invite)[0], 503, "Service Unavailable");

        _edge.CancelLast("cancel-silent");
        _edge.Advance(TimeSpan.FromSeconds(2.1));

        Assert.Equal(2, _edge.Sender.ToSwitches(SipMethod.Invite).Count);
        Assert.Equal(487, _edge.Sender.ToCaller().Last());
    }

    [Fact]
    public void SwitchDiesAfterItsProvisional_TimerCCancels_AndWithNoAnswerToTheCancelTheCallEnds()
    {
        using var edge = new PoolEdge(o => o.NoAnswerTimeout = TimeSpan.FromSeconds(2), proxyOptions: p => p.TimerC = TimeSpan.FromSeconds(10));
        edge.LoadSet(1);
        edge.Invite();
        edge.Answer(edge.Sender.ToSwitches(SipMethod.Invite).Single(), 100, "Trying");

        edge.Advance(TimeSpan.FromSeconds(10.1));
        Assert.Single(edge.Sender.ToSwitches(SipMethod.Cancel));
        Assert.DoesNotContain(edge.Sender.ToCaller(), s => s >= 200);

        // RFC 3261 §9.1: no final response 64*T1 after the CANCEL ends the INVITE branch.
        edge.Advance(TimeSpan.FromSeconds(32.1));

        var final = Assert.Single(edge.Sender.ToCaller(), s => s >= 200);
        Assert.Equal(408, final);
    }

    [Fact]
    public void SwitchKnownDown_IsNotTried_TheCallGoesStraightToAnother()
    {
        _edge.LoadSet(2);
        var down = _edge.State.Current.Sets[1].Members[0].State;
        _edge.Health.Report(down, HealthSignal.ProbeFailed, "test");
        _edge.Health.Report(down, HealthSignal.ProbeFailed, "test");
        Assert.Equal(HealthStatus.Down, down.Health.Status);

        for (var i = 0; i < 4; i++)
        {
            _edge.Invite();
        }

        Assert.All(_edge.Sender.ToSwitches(SipMethod.Invite), i => Assert.Equal(PoolEdge.SwitchEndPoint(2), i.Destination.EndPoint));
    }

    [Fact]
    public void EverySwitchDown_RejectPolicy_503WithoutTryingAny()
    {
        _edge.LoadSet(2);
        foreach (var m in _edge.State.Current.Sets[1].Members)
        {
            _edge.Health.Report(m.State, HealthSignal.ProbeFailed, "test");
            _edge.Health.Report(m.State, HealthSignal.ProbeFailed, "test");
        }

        _edge.Invite();

        Assert.Empty(_edge.Sender.ToSwitches(SipMethod.Invite));
        Assert.Equal([503], _edge.Sender.ToCaller());
    }

    [Fact]
    public void EverySwitchDown_TryAllPolicy_TheDownSwitchesAreTriedAnyway()
    {
        using var edge = new PoolEdge(o => o.Health.WhenAllDown = AllDownPolicy.TryAll);
        edge.LoadSet(2);
        foreach (var m in edge.State.Current.Sets[1].Members)
        {
            for (var i = 0; i < 3; i++)
            {
                edge.Health.Report(m.State, HealthSignal.ProbeFailed, "test");
            }
        }

        edge.Invite();

        Assert.Single(edge.Sender.ToSwitches(SipMethod.Invite));
    }

    [Fact]
    public void AdminDisabledSwitch_TakesNoCalls_AndIsNotCountedDown()
    {
        _edge.LoadSet(2, (n, r) => n == 1 ? r with { Disabled = true } : r);

        for (var i = 0; i < 3; i++)
        {
            _edge.Invite();
        }

        Assert.All(_edge.Sender.ToSwitches(SipMethod.Invite), i => Assert.Equal(PoolEdge.SwitchEndPoint(2), i.Destination.EndPoint));
        Assert.NotEqual(HealthStatus.Down, _edge.State.Current.Sets[1].Members[0].State.Health.Status);
    }

    [Fact]
    public void PassiveFailures_NoAnswerTwice_MarkTheSwitchDown()
    {
        _edge.LoadSet(1, (n, r) => r);
        _edge.State.Apply([new(1, 1, PoolEdge.Switch(1)), new(2, 1, PoolEdge.Switch(2), Priority: -1)], []);
        var primary = _edge.State.Current.Sets[1].Members[0].State;

        _edge.Invite();
        _edge.Advance(TimeSpan.FromSeconds(2.1));
        _edge.Invite();
        _edge.Advance(TimeSpan.FromSeconds(2.1));

        Assert.Equal(HealthStatus.Down, primary.Health.Status);
        Assert.Equal("no answer to a call in time", primary.Health.LastReason);
    }

    [Fact]
    public void CallFromASwitchAddress_IsNotSentBackToThePool()
    {
        _edge.LoadSet(2);

        _edge.Receive(
            "INVITE sip:9000@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-loop\r\n" +
            "From: <sip:alice@example.com>;tag=x\r\nTo: <sip:9000@example.com>\r\nCall-ID: loop\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
            PoolEdge.SwitchEndPoint(1));

        Assert.DoesNotContain(_edge.Sender.ToSwitches(SipMethod.Invite), i => !i.Destination.EndPoint.Equals(PoolEdge.SwitchEndPoint(1)));
        Assert.Contains(_edge.Sender.Sent, s => s.Message.IsResponse && s.Status == 404);
    }

    [Fact]
    public void EmptyPool_CallsAreRoutedAsWithoutAPool()
    {
        _edge.Invite();

        Assert.Contains(_edge.Sender.Sent, s => s.Message.IsResponse && s.Status == 404);
    }
}
