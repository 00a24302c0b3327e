using Bridgehead.Storage.Subscribers;
using Bridgehead.Tests.Storage.Subscribers;

namespace Bridgehead.Tests.Storage.Sqlite;

public sealed class SqliteSubscriberStoreTests : SubscriberStoreContractTests, IAsyncDisposable
{
    private readonly SqliteTestDirectory directory = new();
    private readonly SqliteTestDirectory.Opened opened;

    public SqliteSubscriberStoreTests()
    {
        opened = directory.Open();
    }

    protected override ISubscriberStore Store => opened.Subscribers;

    [Fact]
    public async Task AddOrUpdateAsync_ThenReopen_SubscriberIsStillThere()
    {
        var alice = Subscriber("1000", "example.com");
        await Store.AddOrUpdateAsync(alice, Ct);
        await opened.DisposeAsync();

        await using var reopened = directory.Open();

        Assert.Equal(alice, await reopened.Subscribers.FindAsync("1000", "example.com", Ct));
    }

    public ValueTask DisposeAsync() => directory.DisposeAsync();
}
