using Bridgehead.Storage;
using Bridgehead.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridgehead.Tests.Storage.Sqlite;

/// <summary>
/// A temporary data folder for SQLite tests. Each <see cref="Open"/> is a fresh "process view"
/// (its own database object, writer and pools); disposing closes them all and deletes the folder.
/// </summary>
internal sealed class SqliteTestDirectory : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> opened = [];

    public SqliteTestDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bridgehead-storage-tests", Guid.NewGuid().ToString("n"));
    }

    public string Path { get; }

    public string DatabaseFile => System.IO.Path.Combine(Path, StorageOptions.SqliteFileName);

    public TestMeterFactory MeterFactory { get; } = new();

    public StorageOptions Options(Action<StorageOptions>? configure = null)
    {
        var options = new StorageOptions { DataDirectory = Path };
        configure?.Invoke(options);
        return options;
    }

    public Opened Open(Action<StorageOptions>? configure = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options(configure));
        var database = new SqliteDatabase(options, NullLogger<SqliteDatabase>.Instance, TimeProvider.System);
        var metrics = new StorageMetrics(MeterFactory);
        var location = new SqliteLocationStore(database, options, metrics, NullLogger<SqliteLocationStore>.Instance, TimeProvider.System);
        var opened = new Opened(database, location, new SqliteSubscriberStore(database), metrics);
        this.opened.Add(opened);
        return opened;
    }

    /// <summary>A connection of its own, unpooled: sees only what reached the file.</summary>
    public SqliteConnection OpenRawConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabaseFile, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var item in opened)
        {
            await item.DisposeAsync();
        }

        MeterFactory.Dispose();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    internal sealed record Opened(
        SqliteDatabase Database, SqliteLocationStore Location, SqliteSubscriberStore Subscribers, StorageMetrics Metrics) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Location.DisposeAsync();
            Database.Dispose();
        }
    }
}
