using System.Net;
using Bridgehead.Routing.Pool;
using Bridgehead.Routing.Registrar;
using Bridgehead.Sip;
using Bridgehead.Storage.Pool;
using Bridgehead.Tests.Routing.Registrar;
using static Bridgehead.Tests.Routing.Registrar.RelayTestKit;

namespace Bridgehead.Tests.Routing.Pool;

/// <summary>
/// Which switch of the set takes a forwarded REGISTER: the highest usable priority tier, in the
/// rendezvous-hash order of the AOR; a switch known down or disabled is skipped, and only when
/// every one is down does Pool:Health:WhenAllDown decide (TryAll: the same hash order as healthy).
/// </summary>
public sealed class PoolRouterRegistrationTests
{
    private const int Users = 24;

    [Fact]
    public void RouteRegister_ItsSwitchDown_TheUserGoesStraightToTheNextInHashOrder_OthersKeepTheirs()
    {
        using var edge = Edge(RegistrationMode.Forward, pool: OneFailureToDown());
        var before = RegisterAll(edge, round: 1);
        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 5099), UdpRegister("carol", 5099, 1));
        var (first, register) = edge.Sender.Requests(SipMethod.Register)[^1];
        edge.ReceiveUdp(first.EndPoint, Reply(register, 503, "Service Unavailable"));
        var second = edge.Sender.Requests(SipMethod.Register)[^1].Destination.EndPoint;

        TakeDown(edge, first.EndPoint);
        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 5099), UdpRegister("carol", 5099, 2));
        var after = RegisterAll(edge, round: 2);

        Assert.Equal(3, edge.Sender.Requests(SipMethod.Register).Count(r => r.Message.To.Uri.User.Span.SequenceEqual("carol"u8)));
        Assert.Equal(second, edge.Sender.Requests(SipMethod.Register).Last(r => r.Message.To.Uri.User.Span.SequenceEqual("carol"u8)).Destination.EndPoint);
        Assert.Contains(before.Values, s => s.Equals(first.EndPoint));
        foreach (var (user, was) in before)
        {
            if (was.Equals(first.EndPoint))
            {
                Assert.NotEqual(first.EndPoint, after[user]);
            }
            else
            {
                Assert.Equal(was, after[user]);
            }
        }
    }

    [Fact]
    public void RouteRegister_HigherTierUsable_TakesEveryUser_ItsDisabledMemberNever_TheBackupTierOnlyWhenItIsDown()
    {
        using var edge = Edge(RegistrationMode.Forward, switches: 0, pool: OneFailureToDown());
        edge.PoolState!.Apply(
            [
                new DispatcherRecord(1, 1, $"sip:{Switch(1)}", Priority: 1),
                new DispatcherRecord(2, 1, $"sip:{Switch(2)}", Priority: 1),
                new DispatcherRecord(3, 1, $"sip:{Switch(3)}", Priority: 0),
                new DispatcherRecord(4, 1, $"sip:{Switch(4)}", Priority: 1, Disabled: true),
            ],
            []);

        var upper = RegisterAll(edge, round: 1);
        TakeDown(edge, Switch(1));
        TakeDown(edge, Switch(2));
        var backup = RegisterAll(edge, round: 2);

        Assert.Equal([Switch(1), Switch(2)], upper.Values.Distinct().OrderBy(s => s.Port));
        Assert.All(backup.Values, s => Assert.Equal(Switch(3), s));
    }

    [Fact]
    public void RouteRegister_EverySwitchDown_TryAll_EachUserStillReachesItsOwnSwitch()
    {
        using var edge = Edge(RegistrationMode.Forward, pool: OneFailureToDown(AllDownPolicy.TryAll));
        var healthy = RegisterAll(edge, round: 1);

        for (var n = 1; n <= 3; n++)
        {
            TakeDown(edge, Switch(n));
        }

        var allDown = RegisterAll(edge, round: 2);

        Assert.Equal(healthy, allDown);
        Assert.Empty(edge.Sender.Responses(503));
    }

    [Fact]
    public void RouteRegister_EverySwitchDown_Reject_503AndNoSwitchTried()
    {
        using var edge = Edge(RegistrationMode.Forward, pool: OneFailureToDown(AllDownPolicy.Reject));
        for (var n = 1; n <= 3; n++)
        {
            TakeDown(edge, Switch(n));
        }

        edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 5099), UdpRegister("carol", 5099, 1));

        Assert.Empty(edge.Sender.Requests(SipMethod.Register));
        Assert.Single(edge.Sender.Responses(503));
    }

    private static PoolOptions OneFailureToDown(AllDownPolicy whenAllDown = AllDownPolicy.Reject)
    {
        var options = new PoolOptions();
        options.Health.FailuresToDown = 1;
        options.Health.WhenAllDown = whenAllDown;
        return options;
    }

    /// <summary>Each of the users agent0..agent23 registers (CSeq <paramref name="round"/>); the switch each REGISTER went to.</summary>
    private static Dictionary<string, IPEndPoint> RegisterAll(FlowTestEdge edge, int round)
    {
        var chosen = new Dictionary<string, IPEndPoint>();
        for (var u = 0; u < Users; u++)
        {
            var sent = edge.Sender.Requests(SipMethod.Register).Count;
            edge.ReceiveUdp(new IPEndPoint(IPAddress.Loopback, 6000 + u), UdpRegister($"agent{u}", 6000 + u, round));
            var registers = edge.Sender.Requests(SipMethod.Register);
            Assert.Equal(sent + 1, registers.Count);
            chosen[$"agent{u}"] = registers[^1].Destination.EndPoint;
        }

        return chosen;
    }

    private static void TakeDown(FlowTestEdge edge, IPEndPoint endPoint)
    {
        var member = edge.PoolState!.Current.Sets[1].Members.Single(m => endPoint.Equals(m.State.Destination?.EndPoint));
        edge.PoolHealth!.Report(member.State, HealthSignal.ProbeFailed, "test");
        Assert.False(member.State.IsHealthy);
    }
}
