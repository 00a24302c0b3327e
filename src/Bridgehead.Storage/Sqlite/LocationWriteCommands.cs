using Bridgehead.Sip;
using Bridgehead.Storage.Location;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Bridgehead.Storage.Sqlite;

/// <summary>
/// The location writer's statements, prepared once for the life of its connection and driven
/// through SQLite's own API on the connection's handle. This is the one hot path in storage:
/// Dapper prepares a fresh statement per call, and even a prepared Microsoft.Data.Sqlite command
/// costs about as much CPU again as SQLite's own work and allocates ~2 KB per row (UTF-8 copies
/// of every name and value, a data reader). Here parameters are bound by position, strings as
/// UTF-16 without a copy on our side, and a row allocates nothing.
/// </summary>
internal sealed class LocationWriteCommands : IDisposable
{
    // A refresh, nearly every write, is one UPDATE: one seek in the key's B-tree. An INSERT ...
    // ON CONFLICT DO UPDATE seeks once to find the conflict and again to update, and cost ~60% more
    // per row here (5.8 against 3.4 µs in batches of 60 over 75,000 rows). A new binding pays an
    // UPDATE that finds nothing, then the INSERT.
    private const string UpdateSql = """
        UPDATE location SET q = ?3, expires_at = ?4, call_id = ?5, cseq = ?6, transport = ?7, source = ?8,
            local_listener = ?9, connection_id = ?10, instance_id = ?11, reg_id = ?12, path = ?13,
            user_agent = ?14, flags = ?15, updated_at = ?16
        WHERE aor = ?1 AND contact_uri = ?2
        """;

    private const string InsertSql = """
        INSERT INTO location (aor, contact_uri, q, expires_at, call_id, cseq, transport, source, local_listener,
                              connection_id, instance_id, reg_id, path, user_agent, flags, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
        """;

    private readonly sqlite3 db;
    private readonly List<sqlite3_stmt> all = [];
    private readonly sqlite3_stmt begin;
    private readonly sqlite3_stmt commit;
    private readonly sqlite3_stmt rollback;
    private readonly sqlite3_stmt savepoint;
    private readonly sqlite3_stmt release;
    private readonly sqlite3_stmt rollbackToSavepoint;
    private readonly sqlite3_stmt update;
    private readonly sqlite3_stmt insert;
    private readonly sqlite3_stmt removeContact;
    private readonly sqlite3_stmt removeAor;
    private readonly sqlite3_stmt purge;

    public LocationWriteCommands(SqliteConnection connection)
    {
        db = connection.Handle ?? throw new InvalidOperationException("The writer connection is not open.");
        try
        {
            begin = Prepare("BEGIN IMMEDIATE");
            commit = Prepare("COMMIT");
            rollback = Prepare("ROLLBACK");
            savepoint = Prepare("SAVEPOINT location_change");
            release = Prepare("RELEASE location_change");
            rollbackToSavepoint = Prepare("ROLLBACK TO location_change");
            update = Prepare(UpdateSql);
            insert = Prepare(InsertSql);
            removeContact = Prepare("DELETE FROM location WHERE aor = ?1 AND contact_uri = ?2");
            removeAor = Prepare("DELETE FROM location WHERE aor = ?1");
            purge = Prepare("DELETE FROM location WHERE expires_at <= ?1");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>False once SQLite has rolled the transaction back by itself (I/O error, disk full…).</summary>
    public bool InTransaction => raw.sqlite3_get_autocommit(db) == 0;

    public void Begin() => Step(begin);

    /// <summary>
    /// Begins unless another connection holds the write lock right now (false): a caller's thread
    /// must not sleep in SQLite's busy handler. The busy timeout is restored after.
    /// </summary>
    public bool TryBeginWithoutWaiting(int busyTimeoutMilliseconds)
    {
        raw.sqlite3_busy_timeout(db, 0);
        try
        {
            var rc = raw.sqlite3_step(begin);
            raw.sqlite3_reset(begin);
            if (rc == raw.SQLITE_DONE)
            {
                return true;
            }

            if (rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
            {
                return false;
            }

            SqliteException.ThrowExceptionForRC(rc, db);
            throw new InvalidOperationException($"BEGIN returned SQLite code {rc}.");
        }
        finally
        {
            raw.sqlite3_busy_timeout(db, busyTimeoutMilliseconds);
        }
    }

    public void Commit() => Step(commit);

    /// <summary>Rolls back what is open, if anything; never throws, the connection is dropped after.</summary>
    public void TryRollback()
    {
        try
        {
            if (InTransaction)
            {
                Step(rollback);
            }
        }
        catch (SqliteException)
        {
            // The caller discards this connection; SQLite rolls back an open transaction on close.
        }
    }

    public void Savepoint() => Step(savepoint);

    public void ReleaseSavepoint() => Step(release);

    public void RollbackToSavepoint()
    {
        Step(rollbackToSavepoint);
        Step(release);
    }

    public void Upsert(BindingRecord binding)
    {
        BindBinding(update, binding);
        Step(update);
        if (raw.sqlite3_changes(db) == 0)
        {
            BindBinding(insert, binding);
            Step(insert);
        }
    }

    /// <summary>Binds a binding's 16 columns, numbered as both statements number them.</summary>
    private static void BindBinding(sqlite3_stmt s, BindingRecord binding)
    {
        BindText(s, 1, binding.Aor);
        BindText(s, 2, binding.ContactUri);
        raw.sqlite3_bind_int(s, 3, binding.Q);
        raw.sqlite3_bind_int64(s, 4, binding.ExpiresAt.ToUnixTimeMilliseconds());
        BindText(s, 5, binding.CallId);
        raw.sqlite3_bind_int64(s, 6, binding.CSeq);
        BindText(s, 7, binding.Transport.Scheme());
        BindText(s, 8, binding.Source);
        BindText(s, 9, binding.LocalListener);
        raw.sqlite3_bind_int64(s, 10, binding.ConnectionId);
        BindText(s, 11, binding.InstanceId);
        if (binding.RegId is { } regId)
        {
            raw.sqlite3_bind_int(s, 12, regId);
        }
        else
        {
            raw.sqlite3_bind_null(s, 12);
        }

        BindText(s, 13, binding.Path);
        BindText(s, 14, binding.UserAgent);
        raw.sqlite3_bind_int(s, 15, binding.Flags);
        raw.sqlite3_bind_int64(s, 16, binding.UpdatedAt.ToUnixTimeMilliseconds());
    }

    public void Remove(string aor, string contactUri)
    {
        BindText(removeContact, 1, aor);
        BindText(removeContact, 2, contactUri);
        Step(removeContact);
    }

    public void RemoveAll(string aor)
    {
        BindText(removeAor, 1, aor);
        Step(removeAor);
    }

    public int Purge(long upTo)
    {
        raw.sqlite3_bind_int64(purge, 1, upTo);
        Step(purge);
        return raw.sqlite3_changes(db);
    }

    /// <summary>
    /// Leaves checkpoints to <see cref="Checkpoint"/>: SQLite would otherwise run one inside
    /// whichever commit fills the WAL past 1,000 pages — copying and fsyncing on a caller's thread.
    /// </summary>
    public void DisableAutoCheckpoint() => raw.sqlite3_wal_autocheckpoint(db, 0);

    /// <summary>Copies the WAL into the database as far as readers allow (never waits for them).</summary>
    public void Checkpoint()
    {
        var rc = raw.sqlite3_wal_checkpoint_v2(db, null, raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_BUSY))
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    /// <summary>Finalizes the statements; the connection may be closed after.</summary>
    public void Dispose()
    {
        foreach (var statement in all)
        {
            statement.Dispose();
        }

        all.Clear();
    }

    private static void BindText(sqlite3_stmt statement, int index, string? value)
    {
        var rc = value is null ? raw.sqlite3_bind_null(statement, index) : raw.sqlite3_bind_text16(statement, index, value);
        if (rc != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"Binding parameter {index} failed with SQLite code {rc}.");
        }
    }

    /// <summary>Runs a statement to completion and resets it; an error becomes a SqliteException.</summary>
    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(statement);
            return;
        }

        try
        {
            SqliteException.ThrowExceptionForRC(rc, db);
            throw new InvalidOperationException($"A location write statement returned SQLite code {rc}, not done.");
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        if (rc != raw.SQLITE_OK || statement is null)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
            throw new InvalidOperationException($"Preparing '{sql}' gave no statement.");
        }

        all.Add(statement);
        return statement;
    }
}
