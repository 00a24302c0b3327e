using Bridgehead.Storage.Sqlite;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridgehead.Tests.Storage.Sqlite;

public sealed class SqliteMigrationTests : IAsyncDisposable
{
    private readonly SqliteTestDirectory directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Embedded_AreNumberedFromOneWithoutGaps()
    {
        var migrations = SqliteMigration.Embedded;

        Assert.NotEmpty(migrations);
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
        Assert.Equal("0001_location_and_subscribers", migrations[0].Name);
        Assert.Contains("CREATE TABLE location", migrations[0].Sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("location")]
    [InlineData("_location")]
    [InlineData("0000_nothing")]
    [InlineData("x1_location")]
    public void Parse_NameWithoutPositiveNumber_Throws(string name)
    {
        Assert.Throws<InvalidOperationException>(() => SqliteMigration.Parse(name, "SELECT 1"));
    }

    [Fact]
    public void InOrder_GapInNumbers_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SqliteMigration.InOrder(
            [SqliteMigration.Parse("0003_c", ""), SqliteMigration.Parse("0001_a", "")]));

        Assert.Contains("0003_c", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InOrder_Unsorted_IsSorted()
    {
        var ordered = SqliteMigration.InOrder([SqliteMigration.Parse("0002_b", ""), SqliteMigration.Parse("0001_a", "")]);

        Assert.Equal(["0001_a", "0002_b"], ordered.Select(m => m.Name));
    }

    [Fact]
    public async Task InitializeAsync_OnEveryRestart_AppliesEachMigrationOnce()
    {
        for (var start = 0; start < 3; start++)
        {
            await using var opened = directory.Open();
            await opened.Database.InitializeAsync(Ct);
            await opened.Database.InitializeAsync(Ct);
        }

        using var raw = directory.OpenRawConnection();
        var versions = await raw.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version");
        Assert.Equal(SqliteMigration.Embedded.Select(m => (long)m.Version), versions);
        Assert.Equal("wal", await raw.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task LoadAsync_WithoutInitializeFirst_MigratesBeforeReading()
    {
        await using var opened = directory.Open();

        Assert.Empty(await opened.Location.LoadAsync(TestBindings.Now, Ct));

        using var raw = directory.OpenRawConnection();
        Assert.Equal(SqliteMigration.Embedded.Count, await raw.ExecuteScalarAsync<long>("SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task InitializeAsync_DatabaseNewerThanThisBuild_FailsAndSaysSo()
    {
        await using (var first = directory.Open())
        {
            await first.Database.InitializeAsync(Ct);
        }

        using (var raw = directory.OpenRawConnection())
        {
            await raw.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (999, '0999_future', 0)");
        }

        await using var second = directory.Open();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => second.Database.InitializeAsync(Ct));
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrate_FailingMigration_LeavesNothingOfItAndKeepsTheVersion()
    {
        Directory.CreateDirectory(directory.Path);
        using var connection = directory.OpenRawConnection();
        var migrator = new SqliteMigrator(NullLogger.Instance, TimeProvider.System);
        var migrations = SqliteMigration.InOrder([
            SqliteMigration.Parse("0001_first", "CREATE TABLE first (id INTEGER PRIMARY KEY);"),
            SqliteMigration.Parse("0002_broken", "CREATE TABLE second (id INTEGER PRIMARY KEY); THIS IS NOT SQL;"),
        ]);

        Assert.Throws<SqliteException>(() => migrator.Migrate(connection, migrations));

        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'first'"));
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'second'"));
    }

    public ValueTask DisposeAsync() => directory.DisposeAsync();
}
