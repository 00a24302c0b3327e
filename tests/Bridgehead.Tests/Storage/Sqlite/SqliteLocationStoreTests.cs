using Bridgehead.Storage;
using Bridgehead.Storage.Location;
using Bridgehead.Tests.Storage.Location;
using Dapper;
using Microsoft.Data.Sqlite;
using static Bridgehead.Tests.Storage.TestBindings;

namespace Bridgehead.Tests.Storage.Sqlite;

public sealed class SqliteLocationStoreTests : LocationStoreContractTests, IAsyncDisposable
{
    private const string Alice = "alice@example.com";

    // A contact the test database refuses, so a write fails inside SQLite as a broken disk or a
    // constraint would. ABORT undoes the statement; ROLLBACK undoes the whole transaction.
    private const string AbortContact = "sip:abort@poison.test";
    private const string RollbackContact = "sip:rollback@poison.test";

    private readonly SqliteTestDirectory directory = new();
    private readonly SqliteTestDirectory.Opened opened;

    public SqliteLocationStoreTests()
    {
        opened = directory.Open();
    }

    protected override ILocationStore Store => opened.Location;

    [Fact]
    public async Task SaveAsync_EveryFieldSet_RoundTripsThroughANewStore()
    {
        var full = Full(Alice, "sip:alice@192.0.2.1:5060;transport=ws;ob");
        var minimal = Minimal("bob@example.com", "sip:bob@192.0.2.2") with { Transport = Bridgehead.Sip.SipTransportKind.Tcp };
        await Store.SaveAsync(LocationChange.Upsert(full), Ct);
        await Store.SaveAsync(LocationChange.Upsert(minimal), Ct);
        await opened.DisposeAsync();

        await using var reopened = directory.Open();
        var loaded = await reopened.Location.LoadAsync(Now, Ct);

        Assert.Equal([full, minimal], loaded);
        Assert.Null(loaded[1].InstanceId);
        Assert.Null(loaded[1].RegId);
        Assert.Equal(TimeSpan.Zero, loaded[0].ExpiresAt.Offset);
    }

    [Fact]
    public async Task SaveAsync_TimeWithOffsetAndTicks_IsKeptAsUtcMilliseconds()
    {
        var binding = Minimal(Alice, "sip:alice@a") with
        {
            ExpiresAt = new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.FromHours(2)).AddTicks(12_345),
        };

        await Store.SaveAsync(LocationChange.Upsert(binding), Ct);

        var loaded = Assert.Single(await Store.LoadAsync(Now, Ct));
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 7, 0, 0, 1, TimeSpan.Zero), loaded.ExpiresAt);
    }

    [Fact]
    public async Task SaveAsync_ChangeFailingMidway_LeavesTheAorAsItWas()
    {
        await AddPoisonTriggersAsync();
        var before = Minimal(Alice, "sip:alice@before");
        await Store.SaveAsync(LocationChange.Upsert(before), Ct);

        var change = new LocationChange(Alice,
            LocationOperation.RemoveAll(),
            LocationOperation.Upsert(Minimal(Alice, "sip:alice@after")),
            LocationOperation.Upsert(Minimal(Alice, AbortContact)));
        var error = await Assert.ThrowsAsync<SqliteException>(async () => await Store.SaveAsync(change, Ct));

        Assert.Contains("poison", error.Message, StringComparison.Ordinal);
        Assert.Equal([before], await Store.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task SaveAsync_200ConcurrentCallers_AllCompleteAndAllRowsArePresent()
    {
        var bindings = Enumerable.Range(0, 200)
            .Select(i => Minimal($"user{i:D3}@example.com", $"sip:user{i:D3}@192.0.2.1:{5060 + i}"))
            .ToArray();

        await Task.WhenAll(bindings.Select(b => Task.Run(async () => await Store.SaveAsync(LocationChange.Upsert(b), Ct), Ct)));

        Assert.Equal(bindings, await Store.LoadAsync(Now, Ct));
        Assert.Equal(200, await CountRowsInFileAsync());
    }

    [Fact]
    public async Task SaveAsync_FailingChangeAmongOthers_FailsOnlyItsWaiterAndTheWriterGoesOn()
    {
        await AddPoisonTriggersAsync();
        var good = Enumerable.Range(0, 50).Select(i => Minimal($"user{i}@example.com", $"sip:user{i}@a")).ToArray();
        var saves = good.Select(b => Store.SaveAsync(LocationChange.Upsert(b), Ct).AsTask()).ToList();
        var poisoned = Store.SaveAsync(LocationChange.Upsert(Minimal(Alice, AbortContact)), Ct).AsTask();
        saves.AddRange(good.Select(b => Store.SaveAsync(LocationChange.Upsert(b with { CSeq = 2 }), Ct).AsTask()));

        await Assert.ThrowsAsync<SqliteException>(() => poisoned);
        await Task.WhenAll(saves);
        var after = Minimal(Alice, "sip:alice@after");
        await Store.SaveAsync(LocationChange.Upsert(after), Ct);

        var loaded = await Store.LoadAsync(Now, Ct);
        Assert.Equal(51, loaded.Count);
        Assert.All(loaded.Where(b => b.Aor != Alice), b => Assert.Equal(2, b.CSeq));
        Assert.Contains(after, loaded);
    }

    [Fact]
    public async Task SaveAsync_ChangeThatRollsBackTheBatch_FailsTheBatchAndTheNextBatchCommits()
    {
        await AddPoisonTriggersAsync();
        var others = Enumerable.Range(0, 30).Select(i => Minimal($"user{i}@example.com", $"sip:user{i}@a")).ToArray();
        var saves = others.Select(b => Store.SaveAsync(LocationChange.Upsert(b), Ct).AsTask()).ToArray();
        var poisoned = Store.SaveAsync(LocationChange.Upsert(Minimal(Alice, RollbackContact)), Ct).AsTask();

        await Assert.ThrowsAsync<SqliteException>(() => poisoned);
        var outcomes = await Task.WhenAll(saves.Select(async t =>
        {
            try
            {
                await t;
                return true;
            }
            catch (SqliteException)
            {
                return false;
            }
        }));
        var after = Minimal(Alice, "sip:alice@after");
        await Store.SaveAsync(LocationChange.Upsert(after), Ct);

        // Whatever shared the poisoned batch failed with it; everything acknowledged is there.
        var loaded = await Store.LoadAsync(Now, Ct);
        var acknowledged = others.Where((_, i) => outcomes[i]).Append(after).OrderBy(b => b.Aor, StringComparer.Ordinal);
        Assert.Equal(acknowledged, loaded);
    }

    [Fact]
    public async Task SaveAsync_Acknowledged_IsInTheFileWhileTheStoreIsStillOpen()
    {
        // The in-process stand-in for kill -9: the store is never disposed, so nothing is flushed
        // on the way out; what a fresh, unpooled connection reads is what reached the file.
        var bindings = Enumerable.Range(0, 20).Select(i => Full($"user{i:D2}@example.com", "sip:u@192.0.2.1")).ToArray();
        await Task.WhenAll(bindings.Select(b => Store.SaveAsync(LocationChange.Upsert(b), Ct).AsTask()));

        using var raw = directory.OpenRawConnection();
        var aors = await raw.QueryAsync<string>("SELECT aor FROM location ORDER BY aor");

        Assert.Equal(bindings.Select(b => b.Aor), aors);
    }

    [Fact]
    public async Task DisposeAsync_WithChangesQueued_WritesThemAllFirst()
    {
        var bindings = Enumerable.Range(0, 500).Select(i => Minimal($"user{i:D3}@example.com", "sip:u@a")).ToArray();
        var saves = bindings.Select(b => Store.SaveAsync(LocationChange.Upsert(b), Ct).AsTask()).ToArray();

        await opened.Location.DisposeAsync();

        await Task.WhenAll(saves); // every waiter was completed, none with an error
        await using var reopened = directory.Open();
        Assert.Equal(bindings, await reopened.Location.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task SaveAsync_AfterDispose_ThrowsObjectDisposed()
    {
        await opened.Location.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(
            async () => await Store.SaveAsync(LocationChange.Upsert(Minimal(Alice, "sip:a@a")), Ct));
    }

    [Fact]
    public async Task SaveAsync_SynchronousFull_IsDurableToo()
    {
        await using var full = directory.Open(o => o.Synchronous = SqliteSynchronous.Full);
        var binding = Full(Alice, "sip:alice@a");

        await full.Location.SaveAsync(LocationChange.Upsert(binding), Ct);

        using var raw = directory.OpenRawConnection();
        Assert.Equal(1, await raw.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM location"));
    }

    [Fact]
    public async Task SaveAsync_QueueFull_WaitsForRoomAndAllComplete()
    {
        await using var tight = directory.Open(o =>
        {
            o.MaxBatch = 2;
            o.MaxQueuedChanges = 2;
        });
        var bindings = Enumerable.Range(0, 60).Select(i => Minimal($"user{i:D2}@example.com", "sip:u@a")).ToArray();

        await Task.WhenAll(bindings.Select(b => tight.Location.SaveAsync(LocationChange.Upsert(b), Ct).AsTask()));

        Assert.Equal(bindings, await tight.Location.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task SaveAsync_QueueFullAndCallerCancels_FailsOnlyThatCaller()
    {
        await using var tight = directory.Open(o =>
        {
            o.MaxBatch = 1;
            o.MaxQueuedChanges = 1;
        });
        await tight.Database.InitializeAsync(Ct);
        using var raw = directory.OpenRawConnection();
        await raw.ExecuteAsync("BEGIN IMMEDIATE"); // the writer waits on this lock, so the queue stays full
        using var cancel = new CancellationTokenSource();
        var first = Enumerable.Range(0, 5).Select(i => tight.Location.SaveAsync(
            LocationChange.Upsert(Minimal($"user{i:D2}@example.com", "sip:u@a")), Ct).AsTask()).ToArray();
        var cancelled = tight.Location.SaveAsync(LocationChange.Upsert(Minimal(Alice, "sip:alice@a")), cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await raw.ExecuteAsync("COMMIT");
        await Task.WhenAll(first);

        var loaded = await tight.Location.LoadAsync(Now, Ct);
        Assert.Equal(5, loaded.Count);
        Assert.DoesNotContain(loaded, b => b.Aor == Alice);
    }

    [Fact]
    public async Task SaveAsync_NoCommitInterval_SequentialSavesAllCommit()
    {
        await using var eager = directory.Open(o => o.CommitInterval = TimeSpan.Zero);
        var bindings = Enumerable.Range(0, 30).Select(i => Minimal($"user{i:D2}@example.com", "sip:u@a")).ToArray();

        foreach (var b in bindings)
        {
            await eager.Location.SaveAsync(LocationChange.Upsert(b), Ct);
        }

        Assert.Equal(bindings, await eager.Location.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task SaveAsync_SmallMaxBatch_CommitsInSeveralBatches()
    {
        await using var small = directory.Open(o => o.MaxBatch = 3);
        var bindings = Enumerable.Range(0, 40).Select(i => Minimal($"user{i:D2}@example.com", "sip:u@a")).ToArray();

        await Task.WhenAll(bindings.Select(b => small.Location.SaveAsync(LocationChange.Upsert(b), Ct).AsTask()));

        Assert.Equal(bindings, await small.Location.LoadAsync(Now, Ct));
    }

    [Fact]
    public async Task SaveAsync_WriterIdle_CommitsOnTheCallersThreadAndIsInTheFile()
    {
        await using var idle = directory.Open(o => o.CommitInterval = TimeSpan.Zero);
        await idle.Location.SaveAsync(LocationChange.Upsert(Minimal("first@example.com", "sip:u@a")), Ct);

        // Once the writer has parked, a save is committed before SaveAsync returns.
        var inline = 0;
        for (var i = 0; i < 50 && inline == 0; i++)
        {
            await Task.Delay(20, Ct);
            var save = idle.Location.SaveAsync(LocationChange.Upsert(Minimal($"user{i:D2}@example.com", "sip:u@a")), Ct);
            if (save.IsCompletedSuccessfully)
            {
                inline++;
            }

            await save;
        }

        Assert.Equal(1, inline);
        using var raw = directory.OpenRawConnection();
        Assert.True(await raw.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM location") >= 2);
    }

    [Fact]
    public async Task SaveAsync_SavesMoreOftenThanTheCommitInterval_ShareTheWritersCommits()
    {
        await using var grouped = directory.Open(o => o.CommitInterval = TimeSpan.FromMilliseconds(100));
        await grouped.Location.SaveAsync(LocationChange.Upsert(Minimal("first@example.com", "sip:u@a")), Ct);
        await Task.Delay(500, Ct); // the writer has parked

        // One save every ~10 ms: far below the ~500/s that once made a rate "high", but more
        // often than the interval, so once the average gap has come down they wait for a batch.
        var saves = new List<ValueTask>();
        var completedOnReturn = new List<bool>();
        for (var i = 0; i < 60; i++)
        {
            var save = grouped.Location.SaveAsync(LocationChange.Upsert(Minimal($"user{i:D2}@example.com", "sip:u@a")), Ct);
            completedOnReturn.Add(save.IsCompleted);
            saves.Add(save);
            await Task.Delay(10, Ct);
        }

        foreach (var save in saves)
        {
            await save;
        }

        Assert.True(completedOnReturn[0], "the first save after a quiet spell commits at once");
        Assert.True(completedOnReturn.Skip(45).Count(c => c) < 8, string.Join(",", completedOnReturn));
        Assert.Equal(61, (await grouped.Location.LoadAsync(Now, Ct)).Count);
    }

    [Fact]
    public async Task SaveAsync_WriteLockHeldElsewhere_QueuesInsteadOfWaitingOnTheCallersThread()
    {
        await using var idle = directory.Open(o => o.CommitInterval = TimeSpan.Zero);
        await idle.Location.SaveAsync(LocationChange.Upsert(Minimal("first@example.com", "sip:u@a")), Ct);
        await Task.Delay(100, Ct); // the writer has parked
        using var raw = directory.OpenRawConnection();
        await raw.ExecuteAsync("BEGIN IMMEDIATE");

        // With the busy timeout (5 s) the call itself would sleep in SQLite until the lock went.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var save = idle.Location.SaveAsync(LocationChange.Upsert(Minimal(Alice, "sip:alice@a")), Ct);
        var returnedAfter = started.Elapsed;

        Assert.False(save.IsCompleted);
        Assert.True(returnedAfter < TimeSpan.FromSeconds(2), $"SaveAsync blocked for {returnedAfter}");
        await raw.ExecuteAsync("COMMIT");
        await save;
        Assert.Contains(await idle.Location.LoadAsync(Now, Ct), b => b.Aor == Alice);
    }

    [Fact]
    public async Task SaveAsync_SynchronousFull_LeavesTheCommitToTheWriter()
    {
        await using var full = directory.Open(o => o.Synchronous = SqliteSynchronous.Full);
        await full.Location.SaveAsync(LocationChange.Upsert(Minimal("first@example.com", "sip:u@a")), Ct);
        await Task.Delay(100, Ct); // the writer has parked

        // An fsync per save on the caller's thread would stall a transport thread: FULL always queues.
        var save = full.Location.SaveAsync(LocationChange.Upsert(Minimal(Alice, "sip:alice@a")), Ct);

        Assert.False(save.IsCompleted);
        await save;
    }

    [Fact]
    public async Task SaveAsync_ManyInlineCommits_TheWriterCheckpointsTheWal()
    {
        await using var idle = directory.Open(o => o.CommitInterval = TimeSpan.Zero);
        await idle.Location.SaveAsync(LocationChange.Upsert(Minimal("first@example.com", "sip:u@a")), Ct);
        var before = new FileInfo(directory.DatabaseFile).Length;

        for (var i = 0; i < 1_500; i++)
        {
            await idle.Location.SaveAsync(LocationChange.Upsert(Full($"user{i:D4}@example.com", "sip:u@192.0.2.1")), Ct);
        }

        // Automatic checkpoints are off on the writer's connection; only the writer's own copy
        // of the WAL makes the database file grow while the store is open.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo(directory.DatabaseFile).Length <= before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }

        Assert.True(new FileInfo(directory.DatabaseFile).Length > before);
    }

    [Fact]
    public async Task LoadAsync_NothingSavedYet_ReturnsEmpty()
    {
        Assert.Empty(await Store.LoadAsync(Now, Ct));
        Assert.True(File.Exists(directory.DatabaseFile));
    }

    private async Task AddPoisonTriggersAsync()
    {
        await opened.Database.InitializeAsync(Ct);
        using var raw = directory.OpenRawConnection();
        await raw.ExecuteAsync($"""
            CREATE TRIGGER poison_abort BEFORE INSERT ON location WHEN NEW.contact_uri = '{AbortContact}'
            BEGIN SELECT RAISE(ABORT, 'poison contact'); END;
            CREATE TRIGGER poison_rollback BEFORE INSERT ON location WHEN NEW.contact_uri = '{RollbackContact}'
            BEGIN SELECT RAISE(ROLLBACK, 'poison batch'); END;
            """);
    }

    private async Task<long> CountRowsInFileAsync()
    {
        using var raw = directory.OpenRawConnection();
        return await raw.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM location");
    }

    public ValueTask DisposeAsync() => directory.DisposeAsync();
}
