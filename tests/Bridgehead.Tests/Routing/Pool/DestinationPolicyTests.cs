using Bridgehead.Routing.Pool;

namespace Bridgehead.Tests.Routing.Pool;

public sealed class DestinationPolicyTests
{
    [Fact]
    public void RoundRobin_1000Calls_SpreadEvenlyInTurn()
    {
        var set = PoolTestData.Set(DestinationPolicies.RoundRobin, 1, 1, 1);
        var request = PoolTestData.Request();
        var counts = new int[3];
        var previous = -1;
        for (var i = 0; i < 1000; i++)
        {
            var first = PoolTestData.First(set, request);
            counts[first]++;
            Assert.NotEqual(previous, first);
            previous = first;
        }

        Assert.All(counts, c => Assert.InRange(c, 333, 334));
    }

    [Fact]
    public void RoundRobin_Order_IsAPermutationStartingAtTheTurn()
    {
        var set = PoolTestData.Set(DestinationPolicies.RoundRobin, 1, 1, 1, 1);
        Span<int> order = stackalloc int[4];
        set.Policy.Order(set.Members, PoolTestData.Request(), order);
        Assert.Equal([0, 1, 2, 3], order.ToArray().Order());
        for (var i = 1; i < 4; i++)
        {
            Assert.Equal((order[0] + i) % 4, order[i]);
        }
    }

    [Fact]
    public void Weighted_EveryTenCalls_ExactlyInProportionAndInterleaved()
    {
        var set = PoolTestData.Set(DestinationPolicies.Weighted, 50, 30, 20);
        var request = PoolTestData.Request();
        var counts = new int[3];
        var run = 0;
        var last = -1;
        for (var i = 1; i <= 1000; i++)
        {
            var first = PoolTestData.First(set, request);
            counts[first]++;
            run = first == last ? run + 1 : 1;
            last = first;
            Assert.True(run <= 2, "smooth weighted round robin never sends more than two calls in a row to one switch at 5:3:2");
            if (i % 10 == 0)
            {
                Assert.Equal([i / 2, i * 3 / 10, i / 5], counts);
            }
        }
    }

    [Fact]
    public void Weighted_ZeroWeight_IsNeverFirst_ButIsInTheFailoverOrder()
    {
        var set = PoolTestData.Set(DestinationPolicies.Weighted, 0, 1);
        Span<int> order = stackalloc int[2];
        for (var i = 0; i < 20; i++)
        {
            set.Policy.Order(set.Members, PoolTestData.Request(), order);
            Assert.Equal([1, 0], order.ToArray());
        }
    }

    [Fact]
    public void Weighted_WithAMemberLeftOut_SpreadsOverTheOthersByWeight()
    {
        var set = PoolTestData.Set(DestinationPolicies.Weighted, 50, 30, 20);
        var candidates = new[] { set.Members[1], set.Members[2] };
        var counts = new int[3];
        for (var i = 0; i < 500; i++)
        {
            counts[PoolTestData.First(set, PoolTestData.Request(), candidates)]++;
        }

        Assert.Equal(0, counts[0]);
        Assert.InRange(counts[1], 297, 303);
        Assert.Equal(500, counts[1] + counts[2]);
    }

    [Fact]
    public void CallIdHash_SameCallId_SameSwitch_AndCallsSpread()
    {
        var set = PoolTestData.Set(DestinationPolicies.CallIdHash, 1, 1, 1);
        var counts = new int[3];
        for (var i = 0; i < 3000; i++)
        {
            var request = PoolTestData.Request(callId: $"{i}-{i * 7919}@10.1.2.3");
            var first = PoolTestData.First(set, request);
            Assert.Equal(first, PoolTestData.First(set, request));
            counts[first]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }

    [Fact]
    public void CallIdHash_OneSwitchLeftOut_OnlyItsCallsMove()
    {
        var set = PoolTestData.Set(DestinationPolicies.CallIdHash, 1, 1, 1);
        var without0 = new[] { set.Members[1], set.Members[2] };
        for (var i = 0; i < 500; i++)
        {
            var request = PoolTestData.Request(callId: $"call-{i}");
            var before = PoolTestData.First(set, request);
            var after = PoolTestData.First(set, request, without0);
            if (before != 0)
            {
                Assert.Equal(before, after);
            }
        }
    }

    [Fact]
    public void CallerHash_SameCaller_SameSwitch_WhateverTheCallIdAndHostCase()
    {
        var set = PoolTestData.Set(DestinationPolicies.CallerHash, 1, 1, 1);
        var first = PoolTestData.First(set, PoolTestData.Request(callId: "1", from: "alice@example.com"));
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(first, PoolTestData.First(set, PoolTestData.Request(callId: $"x{i}", from: "alice@EXAMPLE.com")));
        }

        var callers = Enumerable.Range(0, 300).Select(i => PoolTestData.First(set, PoolTestData.Request(from: $"agent{i}@example.com"))).ToList();
        Assert.All(Enumerable.Range(0, 3), s => Assert.InRange(callers.Count(c => c == s), 60, 140));
    }

    [Fact]
    public void Create_UnknownName_IsNull() => Assert.Null(DestinationPolicies.Create("random", [1, 1, 1], new Random(1)));

    [Theory]
    [InlineData("round-robin", typeof(RoundRobinPolicy))]
    [InlineData("Weighted", typeof(WeightedPolicy))]
    [InlineData("call-id-hash", typeof(CallIdHashPolicy))]
    [InlineData("caller-hash", typeof(CallerHashPolicy))]
    public void Create_KnownName_IsThatPolicy(string name, Type type) =>
        Assert.IsType(type, DestinationPolicies.Create(name, [1, 1, 1], new Random(1)));
}
