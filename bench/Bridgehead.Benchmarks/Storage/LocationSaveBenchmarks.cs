using BenchmarkDotNet.Attributes;
using Bridgehead.Storage;
using Bridgehead.Storage.Location;

namespace Bridgehead.Benchmarks.Storage;

/// <summary>
/// Acknowledged saves through the SQLite location store's group commit: <see cref="Writers"/>
/// callers each save (refresh) their share of 16,384 bindings, awaiting each save as a registrar
/// awaits it before answering 200 OK. Time is per acknowledged save; saves per second = 1 / time.
/// One writer pays a whole commit per save; many writers share each commit.
/// </summary>
[Config(typeof(StorageBenchmarkConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 12)]
public class LocationSaveBenchmarks
{
    private const int Saves = 16_384;

    private StorageBenchmarkDatabase database = null!;
    private LocationChange[] changes = null!;

    [Params(1, 16, 256)]
    public int Writers { get; set; }

    [Params(SqliteSynchronous.Normal, SqliteSynchronous.Full)]
    public SqliteSynchronous Synchronous { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        database = new StorageBenchmarkDatabase(Synchronous);
        changes = [.. Enumerable.Range(0, Saves).Select(n => LocationChange.Upsert(StorageBenchmarkDatabase.Binding(n)))];
    }

    [GlobalCleanup]
    public void Cleanup() => database.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Saves)]
    public Task SaveAsync()
    {
        var share = Saves / Writers;
        var writers = new Task[Writers];
        for (var w = 0; w < writers.Length; w++)
        {
            writers[w] = SaveShareAsync(w * share, share);
        }

        return Task.WhenAll(writers);
    }

    private async Task SaveShareAsync(int first, int count)
    {
        var store = database.Store;
        for (var i = first; i < first + count; i++)
        {
            await store.SaveAsync(changes[i], CancellationToken.None);
        }
    }
}
