namespace Bridgehead.Storage.Location;

/// <summary>
/// Where the registrar keeps bindings so they survive a restart. The registrar serves lookups from
/// its own in-memory table; the store is written through on every REGISTER and read back once at
/// start (Kamailio's usrloc "write-through" mode). Implementations are safe for concurrent use.
/// </summary>
public interface ILocationStore
{
    /// <summary>Every binding that has not expired at <paramref name="now"/>, for warming the registrar at start.</summary>
    Task<IReadOnlyList<BindingRecord>> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> atomically and completes only once it is durable, so a
    /// 200 OK sent after it is never lost to a crash. A failed change leaves the AOR untouched and
    /// completes with the error; the token cancels a change still waiting in a queue, not one being
    /// written.
    /// </summary>
    ValueTask SaveAsync(LocationChange change, CancellationToken cancellationToken);

    /// <summary>Removes every binding expired at <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
