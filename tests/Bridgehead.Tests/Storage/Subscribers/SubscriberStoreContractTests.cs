using Bridgehead.Storage.Subscribers;

namespace Bridgehead.Tests.Storage.Subscribers;

/// <summary>What every <see cref="ISubscriberStore"/> does, whichever the provider.</summary>
public abstract class SubscriberStoreContractTests
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract ISubscriberStore Store { get; }

    internal static SubscriberRecord Subscriber(string username, string domain, char digit = '1', int createdDay = 1) => new(
        username,
        domain,
        new string(digit, 32),
        new string(digit, 64),
        new string((char)(digit + 1), 64),
        new DateTimeOffset(2025, 1, createdDay, 12, 0, 0, 250, TimeSpan.Zero));

    [Fact]
    public async Task AddOrUpdateAsync_NewSubscriber_IsAddedAndFound()
    {
        var alice = Subscriber("1000", "example.com");

        Assert.True(await Store.AddOrUpdateAsync(alice, Ct));

        Assert.Equal(alice, await Store.FindAsync("1000", "example.com", Ct));
    }

    [Fact]
    public async Task FindAsync_Unknown_IsNull()
    {
        await Store.AddOrUpdateAsync(Subscriber("1000", "example.com"), Ct);

        Assert.Null(await Store.FindAsync("1001", "example.com", Ct));
        Assert.Null(await Store.FindAsync("1000", "example.org", Ct));
    }

    [Fact]
    public async Task AddOrUpdateAsync_Existing_ReplacesHa1AndKeepsCreatedAt()
    {
        var first = Subscriber("1000", "example.com", '1', createdDay: 1);
        await Store.AddOrUpdateAsync(first, Ct);

        var added = await Store.AddOrUpdateAsync(Subscriber("1000", "example.com", 'a', createdDay: 20), Ct);

        Assert.False(added);
        var found = await Store.FindAsync("1000", "example.com", Ct);
        Assert.Equal(first with { Ha1Md5 = new string('a', 32), Ha1Sha256 = new string('a', 64), Ha1Sha512_256 = new string('b', 64) }, found);
    }

    [Fact]
    public async Task FindAsync_DomainInOtherCase_FindsTheSubscriber()
    {
        var alice = Subscriber("1000", "Example.COM");
        await Store.AddOrUpdateAsync(alice, Ct);

        Assert.Equal(alice, await Store.FindAsync("1000", "example.com", Ct));
    }

    [Fact]
    public async Task FindAsync_UsernameInOtherCase_IsAnotherSubscriber()
    {
        await Store.AddOrUpdateAsync(Subscriber("alice", "example.com"), Ct);

        Assert.Null(await Store.FindAsync("Alice", "example.com", Ct));
    }

    [Fact]
    public async Task AddOrUpdateAsync_DomainInOtherCase_UpdatesAndKeepsFirstSpelling()
    {
        await Store.AddOrUpdateAsync(Subscriber("1000", "Example.com", '1'), Ct);

        Assert.False(await Store.AddOrUpdateAsync(Subscriber("1000", "EXAMPLE.COM", '2'), Ct));

        var all = await Store.ListAsync(Ct);
        var only = Assert.Single(all);
        Assert.Equal("Example.com", only.Domain);
        Assert.Equal(new string('2', 32), only.Ha1Md5);
    }

    [Fact]
    public async Task RemoveAsync_Existing_IsTrueThenFalse()
    {
        await Store.AddOrUpdateAsync(Subscriber("1000", "example.com"), Ct);

        Assert.True(await Store.RemoveAsync("1000", "EXAMPLE.com", Ct));
        Assert.False(await Store.RemoveAsync("1000", "example.com", Ct));
        Assert.Null(await Store.FindAsync("1000", "example.com", Ct));
    }

    [Fact]
    public async Task ListAsync_Many_OrderedByDomainThenUsername()
    {
        var b2 = Subscriber("2000", "b.example");
        var a2 = Subscriber("2000", "A.example");
        var a1 = Subscriber("1000", "_.example", '3');
        var a0 = Subscriber("1000", "A.example");
        foreach (var s in new[] { b2, a2, a1, a0 })
        {
            await Store.AddOrUpdateAsync(s, Ct);
        }

        // NOCASE folds to lower case, so "_" (0x5F) sorts before "a" (0x61) though after "A" (0x41).
        Assert.Equal([a1, a0, a2, b2], await Store.ListAsync(Ct));
    }

    [Fact]
    public async Task AddOrUpdateAsync_PasswordInsteadOfHa1_IsRejected()
    {
        var bad = Subscriber("1000", "example.com") with { Ha1Md5 = "secret" };

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddOrUpdateAsync(bad, Ct));

        Assert.Empty(await Store.ListAsync(Ct));
    }
}
