using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Storage.Sqlite;

/// <summary>
/// One SQLite database file shared by the SQLite stores: its connection strings, its one-time
/// preparation (data folder, WAL journal, migrations) and the connections the stores open.
/// Readers use pooled connections, which WAL lets read beside the writer; the location writer
/// owns one unpooled connection with the configured synchronous setting.
/// </summary>
public sealed partial class SqliteDatabase : IStorageInitializer, IDisposable
{
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly string? dataDirectory;
    private readonly string readConnectionString;
    private readonly string writeConnectionString;
    private readonly int busyTimeoutMilliseconds;
    private readonly SemaphoreSlim initializing = new(1, 1); // no wait handle is ever made: nothing to dispose
    private volatile bool initialized;
    private volatile bool disposed;

    public SqliteDatabase(IOptions<StorageOptions> options, ILogger<SqliteDatabase> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        this.logger = logger;
        this.timeProvider = timeProvider;
        Synchronous = value.Synchronous;
        busyTimeoutMilliseconds = (int)value.BusyTimeout.TotalMilliseconds;

        SqliteConnectionStringBuilder builder;
        if (!string.IsNullOrWhiteSpace(value.ConnectionString))
        {
            builder = new SqliteConnectionStringBuilder(value.ConnectionString);
        }
        else
        {
            dataDirectory = Path.GetFullPath(value.DataDirectory
                ?? throw new InvalidOperationException("Storage:DataDirectory or Storage:ConnectionString is required for SQLite."));
            builder = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dataDirectory, StorageOptions.SqliteFileName),
                Mode = SqliteOpenMode.ReadWriteCreate,
            };
        }

        // Microsoft.Data.Sqlite retries a busy statement for DefaultTimeout seconds; the writer
        // also sets SQLite's own busy_timeout, which waits inside the library.
        builder.DefaultTimeout = (int)Math.Ceiling(value.BusyTimeout.TotalSeconds);
        DataSource = builder.DataSource;
        readConnectionString = builder.ConnectionString;
        builder.Pooling = false;
        writeConnectionString = builder.ConnectionString;
    }

    /// <summary>The database file (or SQLite data source) in use.</summary>
    public string DataSource { get; }

    /// <summary>How long a connection waits for another writer's lock (Storage:BusyTimeout).</summary>
    internal int BusyTimeoutMilliseconds => busyTimeoutMilliseconds;

    /// <summary>The synchronous setting writes commit with.</summary>
    public SqliteSynchronous Synchronous { get; }

    /// <summary>Creates the data folder, switches the file to WAL and applies pending migrations, once.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (initialized)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(disposed, this);
        await initializing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (initialized)
            {
                return;
            }

            if (dataDirectory is not null)
            {
                Directory.CreateDirectory(dataDirectory);
            }

            using var connection = new SqliteConnection(writeConnectionString);
            connection.Open();
            SetBusyTimeout(connection);

            // WAL is a property of the file: set once, it stays. It lets readers run beside the
            // writer and makes a commit one append to the log instead of a rewrite of pages.
            var journalMode = connection.ExecuteScalar<string>("PRAGMA journal_mode=WAL");
            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                Log.NotWal(logger, DataSource, journalMode ?? "unknown");
            }

            var version = new SqliteMigrator(logger, timeProvider).Migrate(connection, SqliteMigration.Embedded);
            initialized = true;
            Log.Ready(logger, DataSource, version, Synchronous);
        }
        finally
        {
            initializing.Release();
        }
    }

    /// <summary>Opens a pooled connection for reading (or for an occasional write such as the CLI's).</summary>
    internal async ValueTask<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(readConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the writer's own connection with the configured synchronous setting.</summary>
    internal async ValueTask<SqliteConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(writeConnectionString);
        try
        {
            connection.Open();
            SetBusyTimeout(connection);

            // NORMAL in WAL mode: a commit is written to the WAL with write(2) before COMMIT returns,
            // so it survives a kill of the process; the WAL is fsync'd only at checkpoints, so a power
            // loss may take the last commits. FULL fsyncs the WAL at every commit.
            var synchronous = Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
            connection.Execute($"PRAGMA synchronous={synchronous}");

            // Refreshes land on random pages; a page cache of 16 MB (SQLite's default is 2 MB)
            // keeps the location table of ~50,000 bindings in memory without a read per row.
            connection.Execute("PRAGMA cache_size=-16384");
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Releases the pooled connections so the file is closed.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        using (var connection = new SqliteConnection(readConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
    }

    private void SetBusyTimeout(SqliteConnection connection) =>
        connection.Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={busyTimeoutMilliseconds}"));

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information,
            Message = "Storage ready: SQLite {DataSource} at schema version {Version}, synchronous={Synchronous}")]
        public static partial void Ready(ILogger logger, string dataSource, int version, SqliteSynchronous synchronous);

        [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
            Message = "SQLite {DataSource} runs in journal mode {JournalMode}, not WAL: readers will wait for the writer")]
        public static partial void NotWal(ILogger logger, string dataSource, string journalMode);
    }
}
