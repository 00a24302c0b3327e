using System.Threading.Channels;
using Bridgehead.Storage.Location;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Storage.Sqlite;

/// <summary>
/// The location store on SQLite, with group commit: every <see cref="SaveAsync"/> is queued to
/// one writer, which takes all that is waiting (up to <see cref="StorageOptions.MaxBatch"/>),
/// writes it in one transaction, commits, and only then completes the waiters. One commit then
/// costs one WAL append however many REGISTERs it carries. Reads use their own connections.
/// Disposing stops taking changes and waits until every queued one is written.
/// </summary>
public sealed partial class SqliteLocationStore : ILocationStore, IAsyncDisposable, IDisposable
{
    private const string ProviderTag = StorageProviders.Sqlite;

    private const string LoadSql = """
        SELECT aor AS Aor, contact_uri AS ContactUri, q AS Q, expires_at AS ExpiresAt, call_id AS CallId, cseq AS CSeq,
               transport AS Transport, source AS Source, local_listener AS LocalListener, connection_id AS ConnectionId,
               instance_id AS InstanceId, reg_id AS RegId, path AS Path, user_agent AS UserAgent, flags AS Flags,
               updated_at AS UpdatedAt
        FROM location
        WHERE expires_at > @Now
        ORDER BY aor, contact_uri
        """;

    private readonly SqliteDatabase database;
    private readonly StorageMetrics metrics;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly Channel<PendingWrite> queue;
    private readonly PendingWritePool pool;
    private readonly int maxBatch;
    private readonly Task writer;
    private int disposed;

    public SqliteLocationStore(
        SqliteDatabase database,
        IOptions<StorageOptions> options,
        StorageMetrics metrics,
        ILogger<SqliteLocationStore> logger,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.database = database;
        this.metrics = metrics;
        this.logger = logger;
        this.timeProvider = timeProvider;
        maxBatch = options.Value.MaxBatch;
        pool = new PendingWritePool(Math.Min(options.Value.MaxQueuedChanges, 4096));
        queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(options.Value.MaxQueuedChanges)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        writer = Task.Run(RunWriterAsync);
    }

    public async Task<IReadOnlyList<BindingRecord>> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var result = new List<BindingRecord>();
            var rows = connection.QueryUnbufferedAsync<BindingRow>(LoadSql, new { Now = now.ToUnixTimeMilliseconds() });
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                result.Add(row.ToRecord());
            }

            return result;
        }
    }

    public ValueTask SaveAsync(LocationChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        var pending = pool.Rent();
        pending.ForChange(change, cancellationToken);
        var version = pending.Version;
        return queue.Writer.TryWrite(pending)
            ? new ValueTask(pending, version)
            : new ValueTask(EnqueueWhenRoomAsync(pending, version, cancellationToken).AsTask());
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<int>(cancellationToken);
        }

        // The purge goes through the writer like any change: one writer, no lock contention with it.
        var pending = pool.Rent();
        pending.ForPurge(now.ToUnixTimeMilliseconds(), cancellationToken);
        var version = pending.Version;
        return queue.Writer.TryWrite(pending)
            ? new ValueTask<int>(pending, version).AsTask()
            : EnqueueWhenRoomAsync(pending, version, cancellationToken).AsTask();
    }

    /// <summary>Stops taking changes, writes every queued one, then closes the writer's connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            queue.Writer.TryComplete();
        }

        await writer.ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async ValueTask<int> EnqueueWhenRoomAsync(PendingWrite pending, short version, CancellationToken cancellationToken)
    {
        try
        {
            await queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(SqliteLocationStore));
        }

        return await new ValueTask<int>(pending, version).ConfigureAwait(false);
    }
}
