namespace Bridgehead.Storage;

/// <summary>
/// Prepares the store before first use: creates the data folder and applies pending migrations.
/// The host calls it first (<see cref="StorageInitializerService"/> does so before any hosted
/// service starts); every store also awaits it before its first read or write, so a component
/// that loads early cannot read an unmigrated database. Calling it again is cheap and harmless.
/// </summary>
public interface IStorageInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
