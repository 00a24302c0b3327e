using Bridgehead.Storage.Location;
using Microsoft.Data.Sqlite;

namespace Bridgehead.Storage.Sqlite;

public sealed partial class SqliteLocationStore
{
    // Owned by the writer loop alone.
    private readonly List<PendingWrite> written = [];
    private SqliteConnection? connection;
    private LocationWriteCommands? commands;

    /// <summary>
    /// The one writer: wait for work, take what is queued, write it in one transaction, commit,
    /// complete the waiters. It ends when the queue is completed and empty, so disposal drains.
    /// </summary>
    private async Task RunWriterAsync()
    {
        var batch = new List<PendingWrite>(Math.Min(maxBatch, 4096));
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < maxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await WriteBatchAsync(batch).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The writer must outlive a bug in one batch, or every later save would wait forever.
                Log.WriterFault(logger, e);
            }

            batch.Clear();
        }

        CloseConnection();
        Log.WriterStopped(logger, database.DataSource);
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch)
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
                connection = await database.OpenWriterConnectionAsync(CancellationToken.None).ConfigureAwait(false);
                commands = new LocationWriteCommands(connection);
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

        foreach (var item in written)
        {
            item.Succeed();
        }

        written.Clear();
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
