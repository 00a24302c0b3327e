using Bridgehead.Storage.Location;
using Bridgehead.Storage.Memory;
using Bridgehead.Storage.Sqlite;
using Bridgehead.Storage.Subscribers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bridgehead.Storage;

/// <summary>Registers the stores <see cref="StorageOptions.Provider"/> names.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Binds <see cref="StorageOptions"/> from <paramref name="section"/> and registers storage.</summary>
    public static IServiceCollection AddBridgeheadStorage(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<StorageOptions>().Bind(section);
        return services.AddBridgeheadStorage();
    }

    /// <summary>Configures <see cref="StorageOptions"/> in code and registers storage.</summary>
    public static IServiceCollection AddBridgeheadStorage(this IServiceCollection services, Action<StorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<StorageOptions>().Configure(configure);
        return services.AddBridgeheadStorage();
    }

    /// <summary>
    /// Registers <see cref="ILocationStore"/>, <see cref="ISubscriberStore"/> and
    /// <see cref="IStorageInitializer"/> for the configured provider, the options validator
    /// (checked at start), <see cref="StorageMetrics"/>, and <see cref="StorageInitializerService"/>,
    /// which migrates before any hosted service starts. Without a host, call
    /// <see cref="IStorageInitializer.InitializeAsync"/> first (the stores also await it themselves).
    /// </summary>
    public static IServiceCollection AddBridgeheadStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<StorageOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageMetrics>();

        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<SqliteLocationStore>();
        services.TryAddSingleton<SqliteSubscriberStore>();
        services.TryAddSingleton<InMemoryLocationStore>();
        services.TryAddSingleton<InMemorySubscriberStore>();
        services.TryAddSingleton<MemoryStorageInitializer>();

        services.TryAddSingleton<ILocationStore>(sp => IsMemory(sp)
            ? sp.GetRequiredService<InMemoryLocationStore>()
            : sp.GetRequiredService<SqliteLocationStore>());
        services.TryAddSingleton<ISubscriberStore>(sp => IsMemory(sp)
            ? sp.GetRequiredService<InMemorySubscriberStore>()
            : sp.GetRequiredService<SqliteSubscriberStore>());
        services.TryAddSingleton<IStorageInitializer>(sp => IsMemory(sp)
            ? sp.GetRequiredService<MemoryStorageInitializer>()
            : sp.GetRequiredService<SqliteDatabase>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StorageInitializerService>());
        return services;
    }

    // Reading Value validates the options, so a bad Provider fails here with every error listed.
    private static bool IsMemory(IServiceProvider services) =>
        StorageProviders.Is(services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider, StorageProviders.Memory);
}
