using System.Collections.Concurrent;
using Bridgehead.Storage.Location;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Storage.Sqlite;

/// <summary>
/// The location store on SQLite, with group commit: every <see cref="SaveAsync"/> is queued to
/// one writer thread, which takes all that is waiting (up to <see cref="StorageOptions.MaxBatch"/>),
/// writes it in one transaction, commits, and only then completes the waiters. One commit then
/// costs one WAL append however many REGISTERs it carries. Reads use their own connections.
/// Disposing stops taking changes and waits until every queued one is written.
/// </summary>
/// <remarks>
/// The writer is a thread of its own, not a thread-pool task: at thousands of saves a second
/// the cost is in waking threads and in per-commit system calls, not in SQLite. Under load the
/// writer never sleeps on the queue: it commits, pauses <see cref="StorageOptions.CommitInterval"/>
/// while the next batch gathers, and takes it, so callers enqueue without waking anyone. Only when
/// it found the queue empty does it park, and only then does the next caller pay a wake-up.
/// At the rates of a normal day (a few hundred REGISTERs a second) a save's cost is mostly that
/// of a cold start: each commit touches SQLite's code and pages, the WAL and its locks afresh
/// (measured on 2 cores: ~17 µs a commit back to back, ~115 µs one every 6 ms), and so does each
/// 200 sent after it. So the pause applies at those rates too: three to six REGISTERs share a
/// commit and their replies go out together, and a REGISTER waits about the interval plus its commit. Only
/// when saves come further apart than the interval (a batch would hold one anyway) does the
/// writer not pause, and while it is parked a save commits on the caller's own thread instead
/// (synchronous=NORMAL only: never an fsync on a caller's thread), its awaiter completing at
/// once. With a zero interval the same holds below ~500 saves a second. Checkpoints are the
/// writer's alone.
/// </remarks>
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
    private readonly ConcurrentQueue<PendingWrite> queue = new();
    private readonly SemaphoreSlim room; // a slot per change that may still be queued
    private readonly ManualResetEventSlim wake = new(false, spinCount: 0); // set by the caller that unparks the writer; no spinning on 2 cores
    private readonly PendingWritePool pool;
    private readonly int maxBatch;
    private readonly TimeSpan commitInterval;
    private readonly Thread writerThread;
    private readonly TaskCompletionSource writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock connectionLock = new(); // the writer's connection: its batches, or one caller's inline commit
    private readonly bool inlineCommits;
    private readonly long lowRateGapTicks;
    private long lastSave; // timestamp of the latest save
    private long saveGap; // moving average of the time between saves, in timestamp ticks
    private int parked; // 1 while the writer waits (or is about to) on `wake`
    private volatile bool checkpointWanted;
    private volatile bool stopping;
    private volatile bool stopped; // the writer has exited; a late change is failed, not left waiting
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
        commitInterval = options.Value.CommitInterval;
        inlineCommits = database.Synchronous == SqliteSynchronous.Normal;
        var lowRateGap = commitInterval > TimeSpan.Zero ? commitInterval : NoIntervalLowRateGap;
        lowRateGapTicks = (long)(lowRateGap.TotalSeconds * timeProvider.TimestampFrequency);
        saveGap = timeProvider.TimestampFrequency; // quiet until saves come
        pool = new PendingWritePool(Math.Min(options.Value.MaxQueuedChanges, 4096));
        room = new SemaphoreSlim(options.Value.MaxQueuedChanges, options.Value.MaxQueuedChanges);
        writerThread = new Thread(RunWriter) { IsBackground = true, Name = "location-writer" };
        writerThread.Start();
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

        if (Volatile.Read(ref disposed) != 0)
        {
            return ValueTask.FromException(new ObjectDisposedException(nameof(SqliteLocationStore)));
        }

        NoteSave();
        if (inlineCommits && IsLowRate && Volatile.Read(ref parked) == 1 && queue.IsEmpty && connectionLock.TryEnter())
        {
            try
            {
                // Looked at again under the lock: nothing queued may be overtaken.
                if (commands is not null && queue.IsEmpty && !stopping && !stopped && TryWriteInline(commands, change, out var done))
                {
                    return done;
                }
            }
            finally
            {
                connectionLock.Exit();
            }
        }

        var pending = pool.Rent();
        pending.ForChange(change, cancellationToken);
        var version = pending.Version;
        if (!room.Wait(0, CancellationToken.None)) // never blocks: a full queue goes the slow way
        {
            return new ValueTask(EnqueueWhenRoomAsync(pending, version, cancellationToken).AsTask());
        }

        Enqueue(pending);
        return new ValueTask(pending, version);
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<int>(cancellationToken);
        }

        // The purge goes through the writer like any change: one writer, no lock contention with it.
        if (Volatile.Read(ref disposed) != 0)
        {
            return Task.FromException<int>(new ObjectDisposedException(nameof(SqliteLocationStore)));
        }

        var pending = pool.Rent();
        pending.ForPurge(now.ToUnixTimeMilliseconds(), cancellationToken);
        var version = pending.Version;
        if (!room.Wait(0, CancellationToken.None)) // never blocks: a full queue goes the slow way
        {
            return EnqueueWhenRoomAsync(pending, version, cancellationToken).AsTask();
        }

        Enqueue(pending);
        return new ValueTask<int>(pending, version).AsTask();
    }

    /// <summary>
    /// Without a commit interval, saves this far apart on average make a low rate (with one, the
    /// interval itself): commit inline, do not gather batches.
    /// </summary>
    private static TimeSpan NoIntervalLowRateGap => TimeSpan.FromMilliseconds(2);

    private bool IsLowRate => Volatile.Read(ref saveGap) > lowRateGapTicks;

    /// <summary>
    /// Updates the average gap between saves (weight 1/16). Callers race on it; a lost update
    /// only nudges a heuristic, and a gap is capped at 1 s so one quiet minute does not linger.
    /// </summary>
    private void NoteSave()
    {
        var now = timeProvider.GetTimestamp();
        var previous = Interlocked.Exchange(ref lastSave, now);
        var gap = Math.Clamp(now - previous, 0, timeProvider.TimestampFrequency); // racing callers may see a negative gap
        var average = Volatile.Read(ref saveGap);
        Volatile.Write(ref saveGap, average + ((gap - average) / 16));
    }

    /// <summary>Stops taking changes, writes every queued one, then closes the writer's connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            stopping = true;
            Unpark();
        }

        await writerDone.Task.ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async ValueTask<int> EnqueueWhenRoomAsync(PendingWrite pending, short version, CancellationToken cancellationToken)
    {
        try
        {
            await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            pending.Fail(new OperationCanceledException(cancellationToken));
            return await new ValueTask<int>(pending, version).ConfigureAwait(false); // returns it to the pool, rethrows
        }

        Enqueue(pending);
        return await new ValueTask<int>(pending, version).ConfigureAwait(false);
    }

    /// <summary>Queues a change; wakes the writer only if it is parked (one futex call, not one per save).</summary>
    private void Enqueue(PendingWrite pending)
    {
        queue.Enqueue(pending);

        // A locked instruction, so a full fence between publishing the change and reading `parked`:
        // either the parking writer's second look sees the change or we see its flag (Park).
        if (Interlocked.CompareExchange(ref parked, 0, 1) != 0)
        {
            wake.Set();
        }

        if (stopped)
        {
            // The writer exited between our disposed check and the enqueue: nobody else will fail it.
            FailLeftovers();
        }
    }

    private void Unpark()
    {
        if (Interlocked.Exchange(ref parked, 0) != 0)
        {
            wake.Set();
        }
    }
}
