using System.Diagnostics.CodeAnalysis;
using Bridgehead.Storage.Pool;
using Dapper;

namespace Bridgehead.Storage.Sqlite;

/// <summary>
/// The dispatcher and load_balancer tables on SQLite. Writes come from the management API, one
/// statement each, and take the write lock only briefly beside the location writer (the busy
/// timeout covers the wait); reads come at start and at each reload.
/// </summary>
public sealed class SqlitePoolStore(SqliteDatabase database) : IPoolStore
{
    private const string DispatcherColumns =
        "id AS Id, setid AS SetId, destination AS Uri, weight AS Weight, priority AS Priority, attrs AS Attributes, description AS Description, disabled AS Disabled";

    private const string ListDispatcherSql = $"SELECT {DispatcherColumns} FROM dispatcher ORDER BY setid, id";

    private const string AddDispatcherSql = """
        INSERT INTO dispatcher (setid, destination, weight, priority, attrs, description, disabled)
        VALUES (@SetId, @Uri, @Weight, @Priority, @Attributes, @Description, @Disabled)
        ON CONFLICT (setid, destination) DO NOTHING
        RETURNING id
        """;

    private const string LoadBalancerColumns =
        "id AS Id, group_id AS GroupId, dst_uri AS Uri, resources AS Resources, probe_mode AS ProbeMode, description AS Description, disabled AS Disabled";

    private const string ListLoadBalancerSql = $"SELECT {LoadBalancerColumns} FROM load_balancer ORDER BY group_id, id";

    private const string AddLoadBalancerSql = """
        INSERT INTO load_balancer (group_id, dst_uri, resources, probe_mode, description, disabled)
        VALUES (@GroupId, @Uri, @Resources, @ProbeMode, @Description, @Disabled)
        ON CONFLICT (group_id, dst_uri) DO NOTHING
        RETURNING id
        """;

    public async Task<IReadOnlyList<DispatcherRecord>> ListDispatcherAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<DispatcherRow>(new CommandDefinition(ListDispatcherSql, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return [.. rows.Select(r => r.ToRecord())];
        }
    }

    public async Task<(PoolAddResult Result, DispatcherRecord Record)> AddDispatcherAsync(DispatcherRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var id = await InsertAsync(AddDispatcherSql, record, cancellationToken).ConfigureAwait(false);
        return id is { } added ? (PoolAddResult.Added, record with { Id = added }) : (PoolAddResult.Duplicate, record);
    }

    public Task<bool> RemoveDispatcherAsync(long id, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM dispatcher WHERE id = @Id", new { Id = id }, cancellationToken);

    public Task<bool> SetDispatcherDisabledAsync(long id, bool disabled, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE dispatcher SET disabled = @Disabled WHERE id = @Id", new { Id = id, Disabled = disabled }, cancellationToken);

    public async Task<IReadOnlyList<LoadBalancerRecord>> ListLoadBalancerAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<LoadBalancerRow>(new CommandDefinition(ListLoadBalancerSql, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return [.. rows.Select(r => r.ToRecord())];
        }
    }

    public async Task<(PoolAddResult Result, LoadBalancerRecord Record)> AddLoadBalancerAsync(LoadBalancerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var id = await InsertAsync(AddLoadBalancerSql, record, cancellationToken).ConfigureAwait(false);
        return id is { } added ? (PoolAddResult.Added, record with { Id = added }) : (PoolAddResult.Duplicate, record);
    }

    public Task<bool> RemoveLoadBalancerAsync(long id, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM load_balancer WHERE id = @Id", new { Id = id }, cancellationToken);

    public Task<bool> SetLoadBalancerDisabledAsync(long id, bool disabled, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE load_balancer SET disabled = @Disabled WHERE id = @Id", new { Id = id, Disabled = disabled }, cancellationToken);

    private async Task<long?> InsertAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
        }
    }

    private async Task<bool> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))
                .ConfigureAwait(false) > 0;
        }
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Instantiated by Dapper.")]
    private sealed class DispatcherRow
    {
        public long Id { get; set; }
        public long SetId { get; set; }
        public string Uri { get; set; } = "";
        public long Weight { get; set; }
        public long Priority { get; set; }
        public string Attributes { get; set; } = "";
        public string Description { get; set; } = "";
        public long Disabled { get; set; }

        public DispatcherRecord ToRecord() =>
            new(Id, (int)SetId, Uri, (int)Weight, (int)Priority, Attributes, Description, Disabled != 0);
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Instantiated by Dapper.")]
    private sealed class LoadBalancerRow
    {
        public long Id { get; set; }
        public long GroupId { get; set; }
        public string Uri { get; set; } = "";
        public string Resources { get; set; } = "";
        public long ProbeMode { get; set; }
        public string Description { get; set; } = "";
        public long Disabled { get; set; }

        public LoadBalancerRecord ToRecord() =>
            new(Id, (int)GroupId, Uri, Resources, (int)ProbeMode, Description, Disabled != 0);
    }
}
