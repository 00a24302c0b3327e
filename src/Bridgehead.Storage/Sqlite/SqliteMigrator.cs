using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Storage.Sqlite;

/// <summary>
/// Brings a database to the newest schema: every migration not yet in schema_version runs in its
/// own transaction together with its schema_version row, so a crash leaves it applied or not,
/// never half. The transactions are BEGIN IMMEDIATE, so a second process migrating the same file
/// (the CLI beside a running server) waits and then finds the work done.
/// </summary>
internal sealed partial class SqliteMigrator(ILogger logger, TimeProvider timeProvider)
{
    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";

    private const string SelectVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version";

    private const string InsertVersion = "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)";

    /// <summary>Applies what is missing; returns the schema version the database is at.</summary>
    /// <exception cref="InvalidOperationException">The database is newer than this build.</exception>
    public int Migrate(SqliteConnection connection, IReadOnlyList<SqliteMigration> migrations)
    {
        connection.Execute(CreateVersionTable);
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        var current = connection.ExecuteScalar<int>(SelectVersion);
        ThrowIfNewer(current, latest);

        foreach (var migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            current = connection.ExecuteScalar<int>(SelectVersion, transaction: transaction);
            ThrowIfNewer(current, latest);
            if (migration.Version <= current)
            {
                continue; // another process applied it while we waited for the lock
            }

            connection.Execute(migration.Sql, transaction: transaction);
            connection.Execute(
                InsertVersion,
                new { migration.Version, migration.Name, AppliedAt = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() },
                transaction);
            transaction.Commit();
            current = migration.Version;
            Log.MigrationApplied(logger, migration.Version, migration.Name);
        }

        return current;
    }

    private static void ThrowIfNewer(int current, int latest)
    {
        if (current > latest)
        {
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this build knows ({latest}); upgrade Bridgehead.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Applied storage migration {Version} ({Name})")]
        public static partial void MigrationApplied(ILogger logger, int version, string name);
    }
}
