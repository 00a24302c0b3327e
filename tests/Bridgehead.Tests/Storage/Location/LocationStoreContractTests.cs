using Bridgehead.Storage.Location;
using static Bridgehead.Tests.Storage.TestBindings;

namespace Bridgehead.Tests.Storage.Location;

/// <summary>What every <see cref="ILocationStore"/> does, whichever the provider.</summary>
public abstract class LocationStoreContractTests
{
    private const string Alice = "alice@example.com";
    private const string Bob = "bob@example.com";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract ILocationStore Store { get; }

    [Fact]
    public async Task SaveAsync_Upsert_IsReturnedByLoad()
    {
        var binding = Full(Alice, "sip:alice@192.0.2.1:5060");

        await Store.SaveAsync(LocationChange.Upsert(binding), Ct);

        Assert.Equal([binding], await Store.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task SaveAsync_SameContactAgain_ReplacesTheBinding()
    {
        var first = Minimal(Alice, "sip:alice@192.0.2.1:5060");
        var refreshed = first with { CSeq = 2, ExpiresAt = Now.AddSeconds(7200), Source = "192.0.2.99:1024" };

        await Store.SaveAsync(LocationChange.Upsert(first), Ct);
        await Store.SaveAsync(LocationChange.Upsert(refreshed), Ct);

        Assert.Equal([refreshed], await Store.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task LoadAsync_ExpiredAndExpiringNow_AreLeftOut()
    {
        var live = Minimal(Alice, "sip:live@192.0.2.1", Now.AddMilliseconds(1));
        await Store.SaveAsync(LocationChange.Upsert(live), Ct);
        await Store.SaveAsync(LocationChange.Upsert(Minimal(Alice, "sip:now@192.0.2.1", Now)), Ct);
        await Store.SaveAsync(LocationChange.Upsert(Minimal(Alice, "sip:past@192.0.2.1", Now.AddSeconds(-1))), Ct);

        Assert.Equal([live], await Store.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task LoadAsync_ManyAors_AreOrderedByAorThenContact()
    {
        var b2 = Minimal(Bob, "sip:bob@b");
        var a2 = Minimal(Alice, "sip:alice@b");
        var a1 = Minimal(Alice, "sip:alice@a");
        await Store.SaveAsync(LocationChange.Upsert(b2), Ct);
        await Store.SaveAsync(LocationChange.Upsert(a2), Ct);
        await Store.SaveAsync(LocationChange.Upsert(a1), Ct);

        Assert.Equal([a1, a2, b2], await Store.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task SaveAsync_Remove_RemovesThatContactOnly()
    {
        var keep = Minimal(Alice, "sip:alice@keep");
        await Store.SaveAsync(new LocationChange(Alice,
            LocationOperation.Upsert(keep), LocationOperation.Upsert(Minimal(Alice, "sip:alice@gone"))), Ct);

        await Store.SaveAsync(LocationChange.Remove(Alice, "sip:alice@gone"), Ct);

        Assert.Equal([keep], await Store.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task SaveAsync_RemoveOfUnknownContact_CompletesAndChangesNothing()
    {
        var keep = Minimal(Alice, "sip:alice@keep");
        await Store.SaveAsync(LocationChange.Upsert(keep), Ct);

        await Store.SaveAsync(LocationChange.Remove(Alice, "sip:alice@never"), Ct);
        await Store.SaveAsync(LocationChange.RemoveAll("nobody@example.com"), Ct);

        Assert.Equal([keep], await Store.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task SaveAsync_RemoveAll_RemovesEveryBindingOfThatAorOnly()
    {
        var bobs = Minimal(Bob, "sip:bob@x");
        await Store.SaveAsync(new LocationChange(Alice,
            LocationOperation.Upsert(Minimal(Alice, "sip:alice@a")), LocationOperation.Upsert(Minimal(Alice, "sip:alice@b"))), Ct);
        await Store.SaveAsync(LocationChange.Upsert(bobs), Ct);

        await Store.SaveAsync(LocationChange.RemoveAll(Alice), Ct);

        Assert.Equal([bobs], await Store.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task SaveAsync_OperationsOfOneChange_ApplyInOrder()
    {
        var replacement = Minimal(Alice, "sip:alice@new");
        await Store.SaveAsync(new LocationChange(Alice,
            LocationOperation.Upsert(Minimal(Alice, "sip:alice@a")), LocationOperation.Upsert(Minimal(Alice, "sip:alice@b"))), Ct);

        // "Contact: *" followed by a new registration in the same change: the order decides the outcome.
        await Store.SaveAsync(new LocationChange(Alice,
            LocationOperation.RemoveAll(),
            LocationOperation.Upsert(replacement),
            LocationOperation.Upsert(Minimal(Alice, "sip:alice@temporary")),
            LocationOperation.Remove("sip:alice@temporary")), Ct);

        Assert.Equal([replacement], await Store.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task PurgeExpiredAsync_RemovesExpiredOnly_AndCountsThem()
    {
        var live = Minimal(Bob, "sip:bob@live", Now.AddSeconds(1));
        await Store.SaveAsync(LocationChange.Upsert(Minimal(Alice, "sip:alice@old", Now.AddSeconds(-10))), Ct);
        await Store.SaveAsync(LocationChange.Upsert(Minimal(Alice, "sip:alice@now", Now)), Ct);
        await Store.SaveAsync(LocationChange.Upsert(live), Ct);

        var purged = await Store.PurgeExpiredAsync(Now, Ct);

        Assert.Equal(2, purged);
        Assert.Equal([live], await Store.LoadAsync(Now.AddSeconds(-60), Ct));
        Assert.Equal(0, await Store.PurgeExpiredAsync(Now, Ct));
    }

    [Fact]
    public async Task SaveAsync_CancelledToken_IsCancelledAndSavesNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await Store.SaveAsync(LocationChange.Upsert(Minimal(Alice, "sip:alice@a")), cancelled.Token));

        Assert.Empty(await Store.LoadAsync(Now, Ct));
    }
}
