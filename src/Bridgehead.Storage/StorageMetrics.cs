using System.Diagnostics.Metrics;

namespace Bridgehead.Storage;

/// <summary>
/// The storage instruments. Batches are group commits of the location writer: how many commit,
/// how many changes each carries, and how long the commit takes tell whether persistence keeps up
/// with REGISTERs. Tags are bounded: the provider only.
/// </summary>
public sealed class StorageMetrics
{
    /// <summary>The meter's name, for exporters and listeners.</summary>
    public const string MeterName = "Bridgehead.Storage";

    private readonly Counter<long> batches;
    private readonly Histogram<int> batchChanges;
    private readonly Histogram<double> commitDuration;
    private readonly Counter<long> failedChanges;
    private readonly Counter<long> purgedBindings;

    public StorageMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        batches = meter.CreateCounter<long>(
            "bridgehead.storage.location.batches", "{batch}", "Location write batches committed.");
        batchChanges = meter.CreateHistogram<int>(
            "bridgehead.storage.location.batch.changes", "{change}", "Location changes (one per REGISTER) per committed batch.");
        commitDuration = meter.CreateHistogram<double>(
            "bridgehead.storage.location.commit.duration", "s", "Time to write and commit one location batch.");
        failedChanges = meter.CreateCounter<long>(
            "bridgehead.storage.location.failed_changes", "{change}", "Location changes completed with an error.");
        purgedBindings = meter.CreateCounter<long>(
            "bridgehead.storage.location.purged", "{binding}", "Expired bindings removed by purges.");
    }

    internal void BatchCommitted(string provider, int changes, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("provider", provider);
        batches.Add(1, tag);
        batchChanges.Record(changes, tag);
        commitDuration.Record(duration.TotalSeconds, tag);
    }

    internal void ChangesFailed(string provider, int count) =>
        failedChanges.Add(count, new KeyValuePair<string, object?>("provider", provider));

    internal void Purged(string provider, int count) =>
        purgedBindings.Add(count, new KeyValuePair<string, object?>("provider", provider));
}
