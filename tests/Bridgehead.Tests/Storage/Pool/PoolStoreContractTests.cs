using Bridgehead.Storage.Memory;
using Bridgehead.Storage.Pool;
using Bridgehead.Storage.Sqlite;
using Bridgehead.Tests.Storage.Sqlite;

namespace Bridgehead.Tests.Storage.Pool;

/// <summary>The pool store contract, run against every implementation.</summary>
public abstract class PoolStoreContractTests
{
    protected abstract Task<IPoolStore> CreateAsync();

    [Fact]
    public async Task AddDispatcher_AssignsIds_AndListsBySetThenId()
    {
        var store = await CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var (r1, a) = await store.AddDispatcherAsync(new DispatcherRecord(0, 2, "sip:10.0.0.1", 50, 1, "k=v", "FS1"), ct);
        var (r2, b) = await store.AddDispatcherAsync(new DispatcherRecord(0, 1, "sip:10.0.0.2"), ct);

        Assert.Equal(PoolAddResult.Added, r1);
        Assert.Equal(PoolAddResult.Added, r2);
        Assert.NotEqual(a.Id, b.Id);
        var list = await store.ListDispatcherAsync(ct);
        Assert.Equal([b, a], list);
    }

    [Fact]
    public async Task AddDispatcher_SameSetAndUri_IsDuplicate_OtherSetIsNot()
    {
        var store = await CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await store.AddDispatcherAsync(new DispatcherRecord(0, 1, "sip:10.0.0.1"), ct);

        Assert.Equal(PoolAddResult.Duplicate, (await store.AddDispatcherAsync(new DispatcherRecord(0, 1, "sip:10.0.0.1", 9), ct)).Result);
        Assert.Equal(PoolAddResult.Added, (await store.AddDispatcherAsync(new DispatcherRecord(0, 2, "sip:10.0.0.1"), ct)).Result);
        Assert.Equal(2, (await store.ListDispatcherAsync(ct)).Count);
    }

    [Fact]
    public async Task DispatcherDisableAndRemove_ById()
    {
        var store = await CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var (_, row) = await store.AddDispatcherAsync(new DispatcherRecord(0, 1, "sip:10.0.0.1"), ct);

        Assert.True(await store.SetDispatcherDisabledAsync(row.Id, true, ct));
        Assert.True((await store.ListDispatcherAsync(ct)).Single().Disabled);
        Assert.False(await store.SetDispatcherDisabledAsync(row.Id + 100, true, ct));
        Assert.True(await store.RemoveDispatcherAsync(row.Id, ct));
        Assert.False(await store.RemoveDispatcherAsync(row.Id, ct));
        Assert.Empty(await store.ListDispatcherAsync(ct));
    }

    [Fact]
    public async Task LoadBalancer_AddListDisableRemove()
    {
        var store = await CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var (result, row) = await store.AddLoadBalancerAsync(new LoadBalancerRecord(0, 1, "sip:172.16.100.10", "vm=100;conf=100;transc=100;pstn=500", 1, "FS1"), ct);
        Assert.Equal(PoolAddResult.Added, result);
        Assert.Equal(PoolAddResult.Duplicate, (await store.AddLoadBalancerAsync(row with { Id = 0 }, ct)).Result);

        Assert.Equal([row], await store.ListLoadBalancerAsync(ct));
        Assert.True(await store.SetLoadBalancerDisabledAsync(row.Id, true, ct));
        Assert.True((await store.ListLoadBalancerAsync(ct)).Single().Disabled);
        Assert.True(await store.RemoveLoadBalancerAsync(row.Id, ct));
        Assert.Empty(await store.ListLoadBalancerAsync(ct));
    }
}

public sealed class InMemoryPoolStoreTests : PoolStoreContractTests
{
    protected override Task<IPoolStore> CreateAsync() => Task.FromResult<IPoolStore>(new InMemoryPoolStore());
}

public sealed class SqlitePoolStoreTests : PoolStoreContractTests, IAsyncDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override Task<IPoolStore> CreateAsync() => Task.FromResult<IPoolStore>(new SqlitePoolStore(_directory.Open().Database));

    public ValueTask DisposeAsync() => _directory.DisposeAsync();
}
