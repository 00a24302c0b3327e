using Bridgehead.Storage;
using Bridgehead.Storage.Location;
using Bridgehead.Storage.Memory;
using Bridgehead.Storage.Sqlite;
using Bridgehead.Storage.Subscribers;
using Bridgehead.Tests.Storage.Sqlite;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Tests.Storage;

public sealed class StorageServiceCollectionExtensionsTests : IAsyncDisposable
{
    private readonly SqliteTestDirectory directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddBridgeheadStorage_Memory_ResolvesTheInMemoryStores()
    {
        await using var services = Build(o => o.Provider = StorageProviders.Memory);

        Assert.IsType<InMemoryLocationStore>(services.GetRequiredService<ILocationStore>());
        Assert.IsType<InMemorySubscriberStore>(services.GetRequiredService<ISubscriberStore>());
        Assert.IsType<MemoryStorageInitializer>(services.GetRequiredService<IStorageInitializer>());
        Assert.False(Directory.Exists(directory.Path));
    }

    [Fact]
    public async Task AddBridgeheadStorage_Sqlite_ResolvesTheSqliteStoresOnOneDatabase()
    {
        await using var services = Build(o => o.DataDirectory = directory.Path);

        var location = Assert.IsType<SqliteLocationStore>(services.GetRequiredService<ILocationStore>());
        Assert.IsType<SqliteSubscriberStore>(services.GetRequiredService<ISubscriberStore>());
        Assert.Same(services.GetRequiredService<SqliteDatabase>(), services.GetRequiredService<IStorageInitializer>());
        Assert.Same(location, services.GetRequiredService<ILocationStore>());
        Assert.Equal(directory.DatabaseFile, services.GetRequiredService<SqliteDatabase>().DataSource);
    }

    [Fact]
    public async Task AddBridgeheadStorage_FromConfiguration_BindsTheSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["Storage:DataDirectory"] = directory.Path,
            ["Storage:Synchronous"] = "Full",
            ["Storage:MaxBatch"] = "64",
        }).Build();
        var collection = new ServiceCollection().AddLogging();
        collection.AddBridgeheadStorage(configuration.GetSection(StorageOptions.SectionName));
        await using var services = collection.BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;

        Assert.Equal(SqliteSynchronous.Full, options.Synchronous);
        Assert.Equal(64, options.MaxBatch);
        Assert.Equal(SqliteSynchronous.Full, services.GetRequiredService<SqliteDatabase>().Synchronous);
    }

    [Fact]
    public async Task AddBridgeheadStorage_InvalidOptions_FailsOnResolveListingEveryError()
    {
        await using var services = Build(o =>
        {
            o.Provider = "sqlite";
            o.MaxBatch = -1;
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ILocationStore>());

        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public async Task HostStart_Sqlite_MigratesBeforeAnyHostedServiceStarts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // Registered before storage, as a registrar might be: it must still find the schema in place.
        builder.Services.AddSingleton<SchemaProbe>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SchemaProbe>());
        builder.Services.AddBridgeheadStorage(o => o.DataDirectory = directory.Path);
        using var host = builder.Build();

        await host.StartAsync(Ct);
        await host.StopAsync(Ct);

        Assert.True(host.Services.GetRequiredService<SchemaProbe>().SawSchema);
    }

    [Fact]
    public async Task HostStart_InvalidOptions_FailsBeforeServicesStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBridgeheadStorage(o => o.Provider = "nosuch");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("nosuch", error.Message, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => directory.DisposeAsync();

    private static ServiceProvider Build(Action<StorageOptions> configure)
    {
        var collection = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        collection.AddBridgeheadStorage(configure);
        return collection.BuildServiceProvider();
    }

    private sealed class SchemaProbe(IOptions<StorageOptions> options) : IHostedService
    {
        public bool SawSchema { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var file = Path.Combine(options.Value.DataDirectory!, StorageOptions.SqliteFileName);
            if (!File.Exists(file))
            {
                return;
            }

            using var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False;Mode=ReadOnly");
            raw.Open();
            SawSchema = await raw.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'location'") == 1;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
