using Bridgehead.Storage.Location;
using Microsoft.Data.Sqlite;

namespace Bridgehead.Storage.Sqlite;

public sealed partial class SqliteLocationStore
{
    // Owned by the writer loop alone.
    private readonly List<PendingWrite> written = [];
    // Rows committed since the last checkpoint, and how many make the writer checkpoint: about as
    // many pages as SQLite's own automatic checkpoint waits for (one row dirties about one page).
    private const int CheckpointRows = 1000;

    // Guarded by connectionLock.
    private SqliteConnection? connection;
    private LocationWriteCommands? commands;
    private int uncheckpointed;

    /// <summary>
    /// The one writer: take what is queued, write it in one transaction, commit, complete the
    /// waiters (their continuations, the REGISTER replies, run here), pause for the next batch to
    /// gather, and park only when nothing came. It ends when disposal asked and the queue is empty.
    /// </summary>
    private void RunWriter()
    {
        var batch = new List<PendingWrite>(Math.Min(maxBatch, 4096));
        try
        {
            while (true)
            {
                while (batch.Count < maxBatch && queue.TryDequeue(out var item))
                {
                    batch.Add(item);
                }

                if (batch.Count == 0)
                {
                    if (stopping)
                    {
                        break;
                    }

                    if (checkpointWanted)
                    {
                        try
                        {
                            CheckpointIfDue();
                        }
                        catch (Exception e)
                        {
                            Log.WriterFault(logger, e);
                        }

                        continue;
                    }

                    Park();
                    continue;
                }

                room.Release(batch.Count);
                try
                {
                    lock (connectionLock)
                    {
                        WriteBatch(batch);
                    }

                    // Outside the lock: the waiters' continuations (a REGISTER's table update and
                    // 200) run here, and an inline commit may take the connection meanwhile.
                    CompleteWritten();
                    CheckpointIfDue();
                }
                catch (Exception e)
                {
                    // The writer must outlive a bug in one batch, or every later save would wait forever.
                    Log.WriterFault(logger, e);
                }

                var full = batch.Count == maxBatch;
                batch.Clear();
                if (!full && commitInterval > TimeSpan.Zero && !stopping && !IsLowRate)
                {
                    // Let the next batch gather: a sleep of our own is one timer wake-up, where
                    // waiting on the queue would be one wake-up per change at moderate rates.
                    Thread.Sleep(commitInterval);
                }
            }

            lock (connectionLock)
            {
                CloseConnection();
            }

            Log.WriterStopped(logger, database.DataSource);
        }
        finally
        {
            stopped = true;
            Interlocked.MemoryBarrier(); // `stopped` is visible before the last look at the queue (see Enqueue)
            FailLeftovers();
            writerDone.TrySetResult();
        }
    }

    /// <summary>Waits for a change: announce the park, look once more, and sleep only if still nothing.</summary>
    private void Park()
    {
        Interlocked.Exchange(ref parked, 1);
        if (!queue.IsEmpty || stopping)
        {
            if (Interlocked.Exchange(ref parked, 0) != 0)
            {
                return;
            }

            // A caller took the flag first and sets `wake`: consume it, or the next park returns at once.
        }

        wake.Wait();
        wake.Reset();
    }

    /// <summary>Fails changes queued after the writer exited (a race with disposal).</summary>
    private void FailLeftovers()
    {
        while (queue.TryDequeue(out var item))
        {
            item.Fail(new ObjectDisposedException(nameof(SqliteLocationStore)));
        }
    }

    private void WriteBatch(List<PendingWrite> batch)
    {
        var started = timeProvider.GetTimestamp();
        var next = 0; // batch[..next] are completed or in `written`; batch[next..] are untouched
        var failed = 0;
        var purged = 0;
        written.Clear();
        try
        {
            if (commands is null)
            {
                // Blocking is fine here: this is the writer's own thread, and opening happens once.
                connection = database.OpenWriterConnectionAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
                commands = new LocationWriteCommands(connection);
                commands.DisableAutoCheckpoint();
            }

            commands.Begin();
            for (; next < batch.Count; next++)
            {
                var item = batch[next];
                if (item.CancellationToken.IsCancellationRequested)
                {
                    item.Fail(new OperationCanceledException(item.CancellationToken));
                    continue;
                }

                try
                {
                    if (item.Change is { } change)
                    {
                        Apply(commands, change);
                    }
                    else
                    {
                        item.Result = commands.Purge(item.PurgeUpTo);
                        purged += item.Result;
                    }

                    written.Add(item);
                }
                catch (SqliteException e) when (commands.InTransaction)
                {
                    // The change (and only it) was undone; the rest of the batch goes on.
                    Log.ChangeFailed(logger, item.Change?.Aor ?? "(purge)", e);
                    failed++;
                    item.Fail(e);
                }
            }

            commands.Commit();
        }
        catch (Exception e)
        {
            // Nothing of this batch is durable: fail what was written and what was not reached,
            // drop the connection (a fresh one is opened for the next batch) and keep going.
            commands?.TryRollback();
            CloseConnection();
            var lost = written.Count + (batch.Count - next);
            Log.BatchFailed(logger, lost, database.DataSource, e);
            metrics.ChangesFailed(ProviderTag, failed + lost);
            foreach (var item in written)
            {
                item.Fail(e);
            }

            for (; next < batch.Count; next++)
            {
                batch[next].Fail(e);
            }

            written.Clear();
            return;
        }

        if (written.Count > 0)
        {
            metrics.BatchCommitted(ProviderTag, written.Count, timeProvider.GetElapsedTime(started));
            uncheckpointed += written.Count;
        }

        if (failed > 0)
        {
            metrics.ChangesFailed(ProviderTag, failed);
        }

        if (purged > 0)
        {
            metrics.Purged(ProviderTag, purged);
            Log.Purged(logger, purged);
        }

        // The committed waiters are completed by CompleteWritten, after the connection lock.
    }

    private void CompleteWritten()
    {
        foreach (var item in written)
        {
            item.Succeed();
        }

        written.Clear();
    }

    /// <summary>
    /// One change committed on the caller's thread while the writer is parked (under
    /// connectionLock). A failure fails this change alone, as in a batch.
    /// </summary>
    private bool TryWriteInline(LocationWriteCommands writer, LocationChange change, out ValueTask done)
    {
        var started = timeProvider.GetTimestamp();
        try
        {
            if (!writer.TryBeginWithoutWaiting(database.BusyTimeoutMilliseconds))
            {
                // Another process holds the write lock: the writer waits for it, not this thread.
                done = default;
                return false;
            }

            Apply(writer, change);
            writer.Commit();
        }
        catch (SqliteException e) when (writer.InTransaction)
        {
            writer.TryRollback();
            Log.ChangeFailed(logger, change.Aor, e);
            metrics.ChangesFailed(ProviderTag, 1);
            done = ValueTask.FromException(e);
            return true;
        }
        catch (Exception e)
        {
            writer.TryRollback();
            CloseConnection();
            Log.BatchFailed(logger, 1, database.DataSource, e);
            metrics.ChangesFailed(ProviderTag, 1);
            done = ValueTask.FromException(e);
            return true;
        }

        metrics.BatchCommitted(ProviderTag, 1, timeProvider.GetElapsedTime(started));
        if (++uncheckpointed >= CheckpointRows && !checkpointWanted)
        {
            checkpointWanted = true;
            Unpark();
        }

        done = ValueTask.CompletedTask;
        return true;
    }

    /// <summary>On the writer's thread: checkpoints once enough rows have gone into the WAL.</summary>
    private void CheckpointIfDue()
    {
        checkpointWanted = false;
        lock (connectionLock)
        {
            if (uncheckpointed < CheckpointRows || commands is null)
            {
                return;
            }

            try
            {
                commands.Checkpoint();
                uncheckpointed = 0;
            }
            catch (SqliteException e)
            {
                // The WAL only grows until the next try; commits are not affected.
                Log.CheckpointFailed(logger, database.DataSource, e);
            }
        }
    }

    /// <summary>Applies one change; several statements share a savepoint so the change stays whole.</summary>
    private static void Apply(LocationWriteCommands commands, LocationChange change)
    {
        var operations = change.Operations;
        if (operations.Length == 1)
        {
            // A single statement is atomic by itself: SQLite undoes a failed statement, not the transaction.
            ApplyOne(commands, change.Aor, operations[0]);
            return;
        }

        commands.Savepoint();
        try
        {
            foreach (var operation in operations)
            {
                ApplyOne(commands, change.Aor, operation);
            }
        }
        catch (SqliteException) when (commands.InTransaction)
        {
            try
            {
                commands.RollbackToSavepoint();
            }
            catch (SqliteException e)
            {
                // Were the savepoint left open, the half-applied change would commit with the batch.
                throw new InvalidOperationException("Could not undo a failed location change.", e);
            }

            throw;
        }

        commands.ReleaseSavepoint();
    }

    private static void ApplyOne(LocationWriteCommands commands, string aor, LocationOperation operation)
    {
        switch (operation.Kind)
        {
            case LocationOperationKind.Upsert:
                commands.Upsert(operation.Binding!);
                break;
            case LocationOperationKind.Remove:
                commands.Remove(aor, operation.ContactUri!);
                break;
            case LocationOperationKind.RemoveAll:
                commands.RemoveAll(aor);
                break;
            default:
                throw new InvalidOperationException($"Unknown location operation {operation.Kind}.");
        }
    }

    private void CloseConnection()
    {
        commands?.Dispose();
        commands = null;
        connection?.Dispose();
        connection = null;
    }
}
