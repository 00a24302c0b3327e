using Bridgehead.Storage.Pool;

namespace Bridgehead.Storage.Memory;

/// <summary>The pool tables held in process memory, with the durable store's key rules and order.</summary>
public sealed class InMemoryPoolStore : IPoolStore
{
    private readonly Lock gate = new();
    private readonly List<DispatcherRecord> dispatcher = [];
    private readonly List<LoadBalancerRecord> loadBalancer = [];
    private long nextId;

    public Task<IReadOnlyList<DispatcherRecord>> ListDispatcherAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<DispatcherRecord>>([.. dispatcher.OrderBy(d => d.SetId).ThenBy(d => d.Id)]);
        }
    }

    public Task<(PoolAddResult Result, DispatcherRecord Record)> AddDispatcherAsync(DispatcherRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (dispatcher.Exists(d => d.SetId == record.SetId && string.Equals(d.Uri, record.Uri, StringComparison.Ordinal)))
            {
                return Task.FromResult((PoolAddResult.Duplicate, record));
            }

            var added = record with { Id = ++nextId };
            dispatcher.Add(added);
            return Task.FromResult((PoolAddResult.Added, added));
        }
    }

    public Task<bool> RemoveDispatcherAsync(long id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(dispatcher.RemoveAll(d => d.Id == id) > 0);
        }
    }

    public Task<bool> SetDispatcherDisabledAsync(long id, bool disabled, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            var index = dispatcher.FindIndex(d => d.Id == id);
            if (index >= 0)
            {
                dispatcher[index] = dispatcher[index] with { Disabled = disabled };
            }

            return Task.FromResult(index >= 0);
        }
    }

    public Task<IReadOnlyList<LoadBalancerRecord>> ListLoadBalancerAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<LoadBalancerRecord>>([.. loadBalancer.OrderBy(d => d.GroupId).ThenBy(d => d.Id)]);
        }
    }

    public Task<(PoolAddResult Result, LoadBalancerRecord Record)> AddLoadBalancerAsync(LoadBalancerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (loadBalancer.Exists(d => d.GroupId == record.GroupId && string.Equals(d.Uri, record.Uri, StringComparison.Ordinal)))
            {
                return Task.FromResult((PoolAddResult.Duplicate, record));
            }

            var added = record with { Id = ++nextId };
            loadBalancer.Add(added);
            return Task.FromResult((PoolAddResult.Added, added));
        }
    }

    public Task<bool> RemoveLoadBalancerAsync(long id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(loadBalancer.RemoveAll(d => d.Id == id) > 0);
        }
    }

    public Task<bool> SetLoadBalancerDisabledAsync(long id, bool disabled, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            var index = loadBalancer.FindIndex(d => d.Id == id);
            if (index >= 0)
            {
                loadBalancer[index] = loadBalancer[index] with { Disabled = disabled };
            }

            return Task.FromResult(index >= 0);
        }
    }
}
