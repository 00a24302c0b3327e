using Bridgehead.Relay.Ng;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Tests.Relay.Ng;

public sealed class NgReplyCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryGet_SameCookieWithinLifetime_ReturnsTheSameReply()
    {
        var cache = new NgReplyCache(10, TimeSpan.FromSeconds(30), _time);
        byte[] reply = [1, 2, 3];
        cache.Add("5323_1", reply);

        _time.Advance(TimeSpan.FromSeconds(29));

        Assert.True(cache.TryGet("5323_1", out var cached));
        Assert.Same(reply, cached);
        Assert.False(cache.TryGet("5323_2", out _));
    }

    [Fact]
    public void TryGet_AfterLifetime_Forgotten()
    {
        var cache = new NgReplyCache(10, TimeSpan.FromSeconds(30), _time);
        cache.Add("c", [1]);

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.False(cache.TryGet("c", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Add_BeyondCapacity_OldestGoesFirst()
    {
        var cache = new NgReplyCache(2, TimeSpan.FromSeconds(30), _time);
        cache.Add("a", [1]);
        cache.Add("b", [2]);
        cache.Add("c", [3]);

        Assert.False(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
    }

    [Fact]
    public void Add_SameCookieAgain_KeepsTheNewerEntryUntilItsOwnExpiry()
    {
        var cache = new NgReplyCache(10, TimeSpan.FromSeconds(30), _time);
        cache.Add("c", [1]);
        _time.Advance(TimeSpan.FromSeconds(20));
        cache.Add("c", [2]);

        _time.Advance(TimeSpan.FromSeconds(15));

        Assert.True(cache.TryGet("c", out var reply));
        Assert.Equal([2], reply);
    }
}
