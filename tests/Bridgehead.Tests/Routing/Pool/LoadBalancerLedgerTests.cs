using Bridgehead.Routing.Pool;
using Bridgehead.Storage.Pool;

namespace Bridgehead.Tests.Routing.Pool;

public sealed class LoadBalancerLedgerTests
{
    private static (LoadBalancerGroup Group, LoadBalancerLedger Ledger) Group(LoadBalancerMode mode, params string[] resources)
    {
        var options = new PoolOptions();
        options.LoadBalancer.Mode = mode;
        var ledger = new LoadBalancerLedger(new ResourceLoadPolicy(mode, new Random(3)));
        var state = new PoolState(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), Microsoft.Extensions.Options.Options.Create(options), ledger);
        var rows = resources.Select((r, i) => new LoadBalancerRecord(i + 1, 1, $"sip:10.0.0.{i + 1}:5060", r)).ToList();
        return (state.Apply([], rows).Groups[1], ledger);
    }

    [Fact]
    public void Reserve_Absolute_TakesTheMostFreeUnits()
    {
        var (group, ledger) = Group(LoadBalancerMode.Absolute, "pstn=10", "pstn=500");
        var r = ledger.Reserve(group.Members, ["pstn"]);
        Assert.Same(group.Members[1], r!.Member);
    }

    [Fact]
    public void Reserve_Relative_TakesTheLargestFreeShare()
    {
        var (group, ledger) = Group(LoadBalancerMode.Relative, "pstn=10", "pstn=500");
        for (var i = 0; i < 400; i++)
        {
            ledger.Reserve([group.Members[1]], ["pstn"]);
        }

        // 10/10 free beats 100/500 free.
        Assert.Same(group.Members[0], ledger.Reserve(group.Members, ["pstn"])!.Member);
    }

    [Fact]
    public void Reserve_UntilFull_ThenNull_AndReleaseMakesRoom()
    {
        var (group, ledger) = Group(LoadBalancerMode.Absolute, "pstn=5", "pstn=5", "pstn=5");
        var taken = new List<LoadBalancerReservation>();
        for (var i = 0; i < 15; i++)
        {
            taken.Add(ledger.Reserve(group.Members, ["pstn"])!);
        }

        Assert.All(group.Members, m => Assert.Equal(5, m.Usage.Used("pstn")));
        Assert.Null(ledger.Reserve(group.Members, ["pstn"]));

        Assert.True(ledger.Release(taken[0]));
        Assert.False(ledger.Release(taken[0]));
        Assert.Same(taken[0].Member, ledger.Reserve(group.Members, ["pstn"])!.Member);
    }

    [Fact]
    public void Reserve_SeveralResources_TheScarcestDecides_AndEachIsTaken()
    {
        var (group, ledger) = Group(LoadBalancerMode.Absolute, "vm=100;transc=1", "vm=10;transc=10");
        var r = ledger.Reserve(group.Members, ["vm", "transc"])!;
        Assert.Same(group.Members[1], r.Member);
        Assert.Equal(1, r.Member.Usage.Used("vm"));
        Assert.Equal(1, r.Member.Usage.Used("transc"));
    }

    [Fact]
    public void Reserve_ResourceNobodyOffers_Null()
    {
        var (group, ledger) = Group(LoadBalancerMode.Absolute, "pstn=5");
        Assert.Null(ledger.Reserve(group.Members, ["conf"]));
    }

    [Fact]
    public void Reserve_EqualSwitches_SpreadEvenly()
    {
        var (group, ledger) = Group(LoadBalancerMode.Absolute, "pstn=1000", "pstn=1000", "pstn=1000");
        for (var i = 0; i < 300; i++)
        {
            ledger.Reserve(group.Members, ["pstn"]);
        }

        Assert.All(group.Members, m => Assert.Equal(100, m.Usage.Used("pstn")));
    }

    [Fact]
    public void Reacquire_AfterRelease_CountsTheCallAgainEvenPastCapacity()
    {
        var (group, ledger) = Group(LoadBalancerMode.Absolute, "pstn=1");
        var late = ledger.Reserve(group.Members, ["pstn"])!;
        ledger.Release(late);
        ledger.Reserve(group.Members, ["pstn"]);

        ledger.Reacquire(late);

        Assert.Equal(2, group.Members[0].Usage.Used("pstn"));
    }

    [Fact]
    public void Calls_CommitEndAndSweep_ReleaseOnce()
    {
        var (group, ledger) = Group(LoadBalancerMode.Absolute, "pstn=3");
        var calls = new LoadBalancerCalls(ledger);
        var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var a = ledger.Reserve(group.Members, ["pstn"])!;
        var b = ledger.Reserve(group.Members, ["pstn"])!;
        var c = ledger.Reserve(group.Members, ["pstn"])!;
        calls.Commit("a"u8, a, t.AddMinutes(10));
        calls.Commit("b"u8, b, t.AddMinutes(1));
        calls.Commit("b"u8, c, t.AddMinutes(20));
        Assert.Equal(3, calls.Count);

        Assert.Equal(1, calls.End("a"u8));
        Assert.Equal(0, calls.End("a"u8));
        Assert.Equal(1, calls.Sweep(t.AddMinutes(5)));
        Assert.Equal(1, calls.Count);
        Assert.Equal(1, group.Members[0].Usage.Used("pstn"));
        Assert.Equal(1, calls.End("b"u8));
        Assert.Equal(0, group.Members[0].Usage.Used("pstn"));
        Assert.Equal(0, calls.Count);
    }
}
