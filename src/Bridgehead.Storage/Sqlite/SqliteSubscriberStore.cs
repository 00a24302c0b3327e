using System.Diagnostics.CodeAnalysis;
using Bridgehead.Storage.Subscribers;
using Dapper;

namespace Bridgehead.Storage.Sqlite;

/// <summary>
/// Subscribers on SQLite. Lookups come with every challenged request and use pooled connections;
/// writes come from the CLI and are single statements, so they take the write lock only briefly
/// beside the location writer (the busy timeout covers the wait).
/// </summary>
public sealed class SqliteSubscriberStore(SqliteDatabase database) : ISubscriberStore
{
    private const string Columns =
        "username AS Username, domain AS Domain, ha1_md5 AS Ha1Md5, ha1_sha256 AS Ha1Sha256, ha1_sha512_256 AS Ha1Sha512_256, created_at AS CreatedAt";

    private const string FindSql = $"SELECT {Columns} FROM subscriber WHERE username = @Username AND domain = @Domain";

    private const string ListSql = $"SELECT {Columns} FROM subscriber ORDER BY domain COLLATE NOCASE, username";

    // Insert, or on conflict change only the HA1 values: the first CreatedAt and domain spelling stay.
    private const string AddSql = """
        INSERT INTO subscriber (username, domain, ha1_md5, ha1_sha256, ha1_sha512_256, created_at)
        VALUES (@Username, @Domain, @Ha1Md5, @Ha1Sha256, @Ha1Sha512_256, @CreatedAt)
        ON CONFLICT (username, domain) DO NOTHING
        """;

    private const string UpdateSql = """
        UPDATE subscriber SET ha1_md5 = @Ha1Md5, ha1_sha256 = @Ha1Sha256, ha1_sha512_256 = @Ha1Sha512_256
        WHERE username = @Username AND domain = @Domain
        """;

    private const string RemoveSql = "DELETE FROM subscriber WHERE username = @Username AND domain = @Domain";

    public async Task<SubscriberRecord?> FindAsync(string username, string domain, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QuerySingleOrDefaultAsync<SubscriberRow>(
                new CommandDefinition(FindSql, new { Username = username, Domain = domain }, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return row?.ToRecord();
        }
    }

    public async Task<bool> AddOrUpdateAsync(SubscriberRecord subscriber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        subscriber.ThrowIfInvalid();
        var parameters = new
        {
            subscriber.Username,
            subscriber.Domain,
            subscriber.Ha1Md5,
            subscriber.Ha1Sha256,
            subscriber.Ha1Sha512_256,
            CreatedAt = subscriber.CreatedAt.ToUnixTimeMilliseconds(),
        };

        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                var added = await connection.ExecuteAsync(
                    new CommandDefinition(AddSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
                if (!added)
                {
                    await connection.ExecuteAsync(
                        new CommandDefinition(UpdateSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return added;
            }
        }
    }

    public async Task<bool> RemoveAsync(string username, string domain, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteAsync(
                new CommandDefinition(RemoveSql, new { Username = username, Domain = domain }, cancellationToken: cancellationToken))
                .ConfigureAwait(false) > 0;
        }
    }

    public async Task<IReadOnlyList<SubscriberRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<SubscriberRow>(new CommandDefinition(ListSql, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return [.. rows.Select(r => r.ToRecord())];
        }
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Instantiated by Dapper.")]
    private sealed class SubscriberRow
    {
        public string Username { get; set; } = "";
        public string Domain { get; set; } = "";
        public string Ha1Md5 { get; set; } = "";
        public string Ha1Sha256 { get; set; } = "";
#pragma warning disable CA1707 // mirrors SubscriberRecord.Ha1Sha512_256
        public string? Ha1Sha512_256 { get; set; }
#pragma warning restore CA1707
        public long CreatedAt { get; set; }

        public SubscriberRecord ToRecord() =>
            new(Username, Domain, Ha1Md5, Ha1Sha256, Ha1Sha512_256, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }
}
