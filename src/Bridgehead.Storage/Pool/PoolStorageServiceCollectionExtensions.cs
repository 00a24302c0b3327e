using Bridgehead.Storage.Memory;
using Bridgehead.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bridgehead.Storage.Pool;

/// <summary>Registers the pool store of the configured provider beside the other stores.</summary>
public static class PoolStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IPoolStore"/> for <see cref="StorageOptions.Provider"/>. Call after
    /// <c>AddBridgeheadStorage</c>, which provides the database and its initializer.
    /// </summary>
    public static IServiceCollection AddBridgeheadPoolStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<SqlitePoolStore>();
        services.TryAddSingleton<InMemoryPoolStore>();
        services.TryAddSingleton<IPoolStore>(sp =>
            StorageProviders.Is(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider, StorageProviders.Memory)
                ? sp.GetRequiredService<InMemoryPoolStore>()
                : sp.GetRequiredService<SqlitePoolStore>());
        return services;
    }
}
