using Bridgehead.Sip;
using Bridgehead.Storage.Location;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Bridgehead.Storage.Sqlite;

/// <summary>
/// The location writer's statements, prepared once for the life of its connection. Dapper would
/// prepare a fresh statement on every call, which costs more than writing the row; the write
/// path is the one place that binds parameters by hand. Transactions are plain BEGIN/COMMIT
/// statements so that they, too, are prepared once.
/// </summary>
internal sealed class LocationWriteCommands : IDisposable
{
    private const string UpsertSql = """
        INSERT INTO location (aor, contact_uri, q, expires_at, call_id, cseq, transport, source, local_listener,
                              connection_id, instance_id, reg_id, path, user_agent, flags, updated_at)
        VALUES (@aor, @contact_uri, @q, @expires_at, @call_id, @cseq, @transport, @source, @local_listener,
                @connection_id, @instance_id, @reg_id, @path, @user_agent, @flags, @updated_at)
        ON CONFLICT (aor, contact_uri) DO UPDATE SET
            q = excluded.q, expires_at = excluded.expires_at, call_id = excluded.call_id, cseq = excluded.cseq,
            transport = excluded.transport, source = excluded.source, local_listener = excluded.local_listener,
            connection_id = excluded.connection_id, instance_id = excluded.instance_id, reg_id = excluded.reg_id,
            path = excluded.path, user_agent = excluded.user_agent, flags = excluded.flags, updated_at = excluded.updated_at
        """;

    private readonly SqliteConnection connection;
    private readonly List<SqliteCommand> all = [];
    private readonly SqliteCommand begin;
    private readonly SqliteCommand commit;
    private readonly SqliteCommand rollback;
    private readonly SqliteCommand savepoint;
    private readonly SqliteCommand release;
    private readonly SqliteCommand rollbackToSavepoint;
    private readonly SqliteCommand upsert;
    private readonly SqliteCommand removeContact;
    private readonly SqliteCommand removeAor;
    private readonly SqliteCommand purge;
    private readonly SqliteParameter[] upsertParameters;
    private readonly SqliteParameter removeContactAor;
    private readonly SqliteParameter removeContactUri;
    private readonly SqliteParameter removeAorAor;
    private readonly SqliteParameter purgeUpTo;

    public LocationWriteCommands(SqliteConnection connection)
    {
        this.connection = connection;
        begin = Prepare("BEGIN IMMEDIATE");
        commit = Prepare("COMMIT");
        rollback = Prepare("ROLLBACK");
        savepoint = Prepare("SAVEPOINT location_change");
        release = Prepare("RELEASE location_change");
        rollbackToSavepoint = Prepare("ROLLBACK TO location_change");

        upsert = Prepare(UpsertSql,
            "@aor", "@contact_uri", "@q", "@expires_at", "@call_id", "@cseq", "@transport", "@source", "@local_listener",
            "@connection_id", "@instance_id", "@reg_id", "@path", "@user_agent", "@flags", "@updated_at");
        upsertParameters = [.. upsert.Parameters.Cast<SqliteParameter>()];

        removeContact = Prepare("DELETE FROM location WHERE aor = @aor AND contact_uri = @contact_uri", "@aor", "@contact_uri");
        removeContactAor = removeContact.Parameters[0];
        removeContactUri = removeContact.Parameters[1];

        removeAor = Prepare("DELETE FROM location WHERE aor = @aor", "@aor");
        removeAorAor = removeAor.Parameters[0];

        purge = Prepare("DELETE FROM location WHERE expires_at <= @up_to", "@up_to");
        purgeUpTo = purge.Parameters[0];
    }

    /// <summary>False once SQLite has rolled the transaction back by itself (I/O error, disk full…).</summary>
    public bool InTransaction => raw.sqlite3_get_autocommit(connection.Handle) == 0;

    public void Begin() => begin.ExecuteNonQuery();

    public void Commit() => commit.ExecuteNonQuery();

    /// <summary>Rolls back what is open, if anything; never throws, the connection is dropped after.</summary>
    public void TryRollback()
    {
        try
        {
            if (InTransaction)
            {
                rollback.ExecuteNonQuery();
            }
        }
        catch (SqliteException)
        {
            // The caller discards this connection; SQLite rolls back an open transaction on close.
        }
    }

    public void Savepoint() => savepoint.ExecuteNonQuery();

    public void ReleaseSavepoint() => release.ExecuteNonQuery();

    public void RollbackToSavepoint()
    {
        rollbackToSavepoint.ExecuteNonQuery();
        release.ExecuteNonQuery();
    }

    public void Upsert(BindingRecord binding)
    {
        var p = upsertParameters;
        p[0].Value = binding.Aor;
        p[1].Value = binding.ContactUri;
        p[2].Value = binding.Q;
        p[3].Value = binding.ExpiresAt.ToUnixTimeMilliseconds();
        p[4].Value = binding.CallId;
        p[5].Value = binding.CSeq;
        p[6].Value = binding.Transport.Scheme();
        p[7].Value = binding.Source;
        p[8].Value = binding.LocalListener;
        p[9].Value = binding.ConnectionId;
        p[10].Value = (object?)binding.InstanceId ?? DBNull.Value;
        p[11].Value = binding.RegId is { } regId ? regId : DBNull.Value;
        p[12].Value = (object?)binding.Path ?? DBNull.Value;
        p[13].Value = (object?)binding.UserAgent ?? DBNull.Value;
        p[14].Value = binding.Flags;
        p[15].Value = binding.UpdatedAt.ToUnixTimeMilliseconds();
        upsert.ExecuteNonQuery();
    }

    public void Remove(string aor, string contactUri)
    {
        removeContactAor.Value = aor;
        removeContactUri.Value = contactUri;
        removeContact.ExecuteNonQuery();
    }

    public void RemoveAll(string aor)
    {
        removeAorAor.Value = aor;
        removeAor.ExecuteNonQuery();
    }

    public int Purge(long upTo)
    {
        purgeUpTo.Value = upTo;
        return purge.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in all)
        {
            command.Dispose();
        }
    }

    private SqliteCommand Prepare(string sql, params ReadOnlySpan<string> parameterNames)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        all.Add(command);
        return command;
    }
}
