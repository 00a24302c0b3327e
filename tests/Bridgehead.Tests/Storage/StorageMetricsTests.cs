using System.Diagnostics.Metrics;
using Bridgehead.Storage.Location;
using Bridgehead.Tests.Storage.Sqlite;
using static Bridgehead.Tests.Storage.TestBindings;

namespace Bridgehead.Tests.Storage;

public sealed class StorageMetricsTests : IAsyncDisposable
{
    private readonly SqliteTestDirectory directory = new();
    private readonly MeterListener listener = new();
    private readonly Dictionary<string, double> totals = [];

    public StorageMetricsTests()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == directory.MeterFactory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, _, _) => Add(i.Name, value));
        listener.SetMeasurementEventCallback<int>((i, value, _, _) => Add(i.Name, value));
        listener.SetMeasurementEventCallback<double>((i, value, _, _) => Add(i.Name, value));
        listener.Start();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SaveAndPurge_RecordBatchesChangesDurationAndPurged()
    {
        await using var opened = directory.Open();

        await opened.Location.SaveAsync(LocationChange.Upsert(Minimal("a@example.com", "sip:a@x", Now.AddSeconds(-1))), Ct);
        await opened.Location.SaveAsync(LocationChange.Upsert(Minimal("b@example.com", "sip:b@x")), Ct);
        await opened.Location.PurgeExpiredAsync(Now, Ct);

        lock (totals)
        {
            Assert.Equal(3, totals["bridgehead.storage.location.batches"]);
            Assert.Equal(3, totals["bridgehead.storage.location.batch.changes"]);
            Assert.True(totals["bridgehead.storage.location.commit.duration"] > 0);
            Assert.Equal(1, totals["bridgehead.storage.location.purged"]);
            Assert.False(totals.ContainsKey("bridgehead.storage.location.failed_changes"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Dispose();
        await directory.DisposeAsync();
    }

    private void Add(string name, double value)
    {
        lock (totals)
        {
            totals[name] = totals.GetValueOrDefault(name) + value;
        }
    }
}
