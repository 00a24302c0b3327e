namespace Bridgehead.Storage.Memory;

/// <summary>The memory provider's initializer: memory has no schema, so there is nothing to prepare.</summary>
public sealed class MemoryStorageInitializer : IStorageInitializer
{
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
}
