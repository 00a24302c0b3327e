using Bridgehead.Relay.Ports;

namespace Bridgehead.Tests.Relay.Ports;

public sealed class PortPoolTests
{
    [Fact]
    public void TryTake_OddRangeStart_HandsOutEvenRtpPortsWithRoomForRtcp()
    {
        var pool = new PortPool(30001, 30010);

        var ports = new List<int>();
        while (pool.TryTake(out var port))
        {
            ports.Add(port);
        }

        // 30010 has no 30011 inside the range, so the last pair starts at 30008.
        Assert.Equal([30002, 30004, 30006, 30008], ports);
        Assert.Equal(4, pool.Capacity);
        Assert.Equal(4, pool.InUse);
    }

    [Fact]
    public void Return_FreedPair_IsReusedOnlyAfterTheOthers()
    {
        var pool = new PortPool(30000, 30007);
        Assert.True(pool.TryTake(out var first));
        pool.Return(first);

        Assert.True(pool.TryTake(out var second));
        Assert.True(pool.TryTake(out var third));
        Assert.True(pool.TryTake(out var fourth));
        Assert.True(pool.TryTake(out var fifth));

        Assert.Equal(30000, first);
        Assert.Equal([30002, 30004, 30006, 30000], [second, third, fourth, fifth]);
    }

    [Fact]
    public void TryTake_AllTaken_ReturnsFalse()
    {
        var pool = new PortPool(30000, 30003);
        Assert.True(pool.TryTake(out _));
        Assert.True(pool.TryTake(out _));

        Assert.False(pool.TryTake(out _));
    }

    [Fact]
    public void Return_PortNeverTaken_ChangesNothing()
    {
        var pool = new PortPool(30000, 30003);
        Assert.True(pool.TryTake(out var taken));

        pool.Return(31000);
        pool.Return(taken);
        pool.Return(taken);

        Assert.Equal(0, pool.InUse);
        Assert.True(pool.TryTake(out _));
        Assert.True(pool.TryTake(out _));
        Assert.False(pool.TryTake(out _));
    }
}
