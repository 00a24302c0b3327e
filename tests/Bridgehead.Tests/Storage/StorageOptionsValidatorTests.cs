using Bridgehead.Storage;

namespace Bridgehead.Tests.Storage;

public sealed class StorageOptionsValidatorTests
{
    private readonly StorageOptionsValidator validator = new();

    [Fact]
    public void Validate_DefaultsWithDataDirectory_Succeed()
    {
        var result = validator.Validate(null, new StorageOptions { DataDirectory = "/var/lib/bridgehead" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_Defaults_AreSqliteNormalWithABatchOf256()
    {
        var options = new StorageOptions();

        Assert.Equal(StorageProviders.Sqlite, options.Provider);
        Assert.Equal(SqliteSynchronous.Normal, options.Synchronous);
        Assert.Equal(256, options.MaxBatch);
    }

    [Fact]
    public void Validate_SqliteWithoutDataDirectory_Fails()
    {
        var result = validator.Validate(null, new StorageOptions());

        Assert.True(result.Failed);
        Assert.Contains("DataDirectory", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SqliteWithConnectionStringOnly_Succeeds()
    {
        var result = validator.Validate(null, new StorageOptions { ConnectionString = "Data Source=/tmp/x.db;Cache=Private" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_MemoryWithoutDataDirectory_Succeeds()
    {
        var result = validator.Validate(null, new StorageOptions { Provider = "memory" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("SQLite")]
    [InlineData("Memory")]
    public void Validate_ProviderInAnyCase_Succeeds(string provider)
    {
        var result = validator.Validate(null, new StorageOptions { Provider = provider, DataDirectory = "data" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_UnknownProvider_FailsNamingTheKnownOnes()
    {
        var result = validator.Validate(null, new StorageOptions { Provider = "oracle" });

        var failure = Assert.Single(result.Failures!);
        Assert.Contains("'oracle'", failure, StringComparison.Ordinal);
        Assert.Contains("sqlite, memory", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ManyProblems_ListsEveryOne()
    {
        var result = validator.Validate(null, new StorageOptions
        {
            ConnectionString = "Nonsense Key=1",
            Synchronous = (SqliteSynchronous)7,
            MaxBatch = 0,
            MaxQueuedChanges = 0,
            CommitInterval = TimeSpan.FromSeconds(1),
            BusyTimeout = TimeSpan.FromSeconds(-1),
        });

        Assert.Collection(
            result.Failures!,
            f => Assert.Contains("ConnectionString", f, StringComparison.Ordinal),
            f => Assert.Contains("Synchronous", f, StringComparison.Ordinal),
            f => Assert.Contains("MaxBatch", f, StringComparison.Ordinal),
            f => Assert.Contains("MaxQueuedChanges", f, StringComparison.Ordinal),
            f => Assert.Contains("CommitInterval", f, StringComparison.Ordinal),
            f => Assert.Contains("BusyTimeout", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ConnectionStringWithoutDataSource_Fails()
    {
        var result = validator.Validate(null, new StorageOptions { ConnectionString = "Cache=Shared" });

        Assert.Contains("Data Source", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_QueueShorterThanABatch_Fails()
    {
        var result = validator.Validate(null, new StorageOptions { DataDirectory = "data", MaxBatch = 100, MaxQueuedChanges = 99 });

        Assert.Contains("MaxQueuedChanges", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BatchAboveTheLimit_Fails()
    {
        var result = validator.Validate(null, new StorageOptions
        {
            DataDirectory = "data",
            MaxBatch = StorageOptionsValidator.MaxBatchLimit + 1,
            MaxQueuedChanges = int.MaxValue,
        });

        Assert.Contains("MaxBatch", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
