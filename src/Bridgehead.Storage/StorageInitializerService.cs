using Microsoft.Extensions.Hosting;

namespace Bridgehead.Storage;

/// <summary>
/// Runs the storage initializer in the host's "starting" phase, which completes for every hosted
/// service before any of them is started: migrations are applied before the registrar loads
/// bindings, whatever order the services were registered in. A failure stops the host.
/// </summary>
public sealed class StorageInitializerService(IStorageInitializer initializer) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => initializer.InitializeAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
