using BenchmarkDotNet.Attributes;
using Bridgehead.Storage;
using Bridgehead.Storage.Location;

namespace Bridgehead.Benchmarks.Storage;

/// <summary>Warming the registrar at start: LoadAsync of 100,000 stored bindings.</summary>
[Config(typeof(StorageBenchmarkConfig))]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class LocationLoadBenchmarks
{
    private const int Bindings = 100_000;

    private StorageBenchmarkDatabase database = null!;

    [GlobalSetup]
    public void Setup()
    {
        database = new StorageBenchmarkDatabase(SqliteSynchronous.Normal);
        var saves = Enumerable.Range(0, Bindings)
            .Select(n => database.Store.SaveAsync(LocationChange.Upsert(StorageBenchmarkDatabase.Binding(n)), CancellationToken.None).AsTask());
        Task.WhenAll(saves).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => database.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<int> LoadAsync()
    {
        var loaded = await database.Store.LoadAsync(StorageBenchmarkDatabase.Now, CancellationToken.None);
        if (loaded.Count != Bindings)
        {
            throw new InvalidOperationException($"loaded {loaded.Count} of {Bindings}");
        }

        return loaded.Count;
    }
}
