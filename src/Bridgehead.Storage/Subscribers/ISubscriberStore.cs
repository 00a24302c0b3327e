namespace Bridgehead.Storage.Subscribers;

/// <summary>
/// The subscribers digest authentication checks against, managed by <c>bridgehead user add|list|remove</c>.
/// A subscriber is keyed by username (exact) and domain (ASCII case-insensitive). Implementations
/// are safe for concurrent use.
/// </summary>
public interface ISubscriberStore
{
    /// <summary>The subscriber, or null when there is none.</summary>
    Task<SubscriberRecord?> FindAsync(string username, string domain, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the subscriber, or replaces the HA1 values of the existing one (keeping its
    /// <see cref="SubscriberRecord.CreatedAt"/> and domain spelling). Returns true when it was added.
    /// </summary>
    /// <exception cref="ArgumentException">The record fails <see cref="SubscriberRecord.Validate"/>.</exception>
    Task<bool> AddOrUpdateAsync(SubscriberRecord subscriber, CancellationToken cancellationToken);

    /// <summary>Removes the subscriber; returns false when there was none.</summary>
    Task<bool> RemoveAsync(string username, string domain, CancellationToken cancellationToken);

    /// <summary>Every subscriber, ordered by domain (ASCII case-insensitive) then username (ordinal).</summary>
    Task<IReadOnlyList<SubscriberRecord>> ListAsync(CancellationToken cancellationToken);
}
