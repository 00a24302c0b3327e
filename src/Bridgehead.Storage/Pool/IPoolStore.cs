namespace Bridgehead.Storage.Pool;

/// <summary>What an add of a pool row came to.</summary>
public enum PoolAddResult
{
    Added,

    /// <summary>A row with the same set (or group) and URI exists already.</summary>
    Duplicate,
}

/// <summary>
/// The dispatcher and load-balancer tables (the switch pool), managed through the management API
/// and the CLI, read by the edge at start and at every reload. Implementations are safe for
/// concurrent use; validation of values is the caller's (the pool validators), the store only
/// keeps keys unique.
/// </summary>
public interface IPoolStore
{
    /// <summary>Every dispatcher destination, ordered by set, then id.</summary>
    Task<IReadOnlyList<DispatcherRecord>> ListDispatcherAsync(CancellationToken cancellationToken);

    /// <summary>Adds a destination; the returned record carries its id.</summary>
    Task<(PoolAddResult Result, DispatcherRecord Record)> AddDispatcherAsync(DispatcherRecord record, CancellationToken cancellationToken);

    /// <summary>Removes a destination; false when there is none with this id.</summary>
    Task<bool> RemoveDispatcherAsync(long id, CancellationToken cancellationToken);

    /// <summary>Sets the administrative state; false when there is none with this id.</summary>
    Task<bool> SetDispatcherDisabledAsync(long id, bool disabled, CancellationToken cancellationToken);

    /// <summary>Every load-balancer destination, ordered by group, then id.</summary>
    Task<IReadOnlyList<LoadBalancerRecord>> ListLoadBalancerAsync(CancellationToken cancellationToken);

    Task<(PoolAddResult Result, LoadBalancerRecord Record)> AddLoadBalancerAsync(LoadBalancerRecord record, CancellationToken cancellationToken);

    Task<bool> RemoveLoadBalancerAsync(long id, CancellationToken cancellationToken);

    Task<bool> SetLoadBalancerDisabledAsync(long id, bool disabled, CancellationToken cancellationToken);
}
