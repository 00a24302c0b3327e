using Bridgehead.Storage.Pool;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Routing.Pool;

/// <summary>What a change to the pool tables came to.</summary>
public enum PoolChangeStatus
{
    Done,

    /// <summary>The row was not valid; <see cref="PoolChange{T}.Errors"/> says why, field by field.</summary>
    Invalid,

    /// <summary>A row with the same set (or group) and URI exists.</summary>
    Duplicate,

    NotFound,
}

/// <summary>The outcome of a change: the row as stored, or every error.</summary>
public sealed record PoolChange<T>(PoolChangeStatus Status, T? Record, IReadOnlyDictionary<string, string[]> Errors)
    where T : class;

/// <summary>A reload: how many rows were applied, and every row that was not (and why).</summary>
public sealed record PoolReloadResult(int DispatcherRows, int LoadBalancerRows, IReadOnlyList<string> Errors);

/// <summary>
/// The pool's operations for the management API and the CLI: rows are validated, stored, and the
/// pool reloaded from the store at once (no restart). A reload reads both tables, reports every
/// row it cannot use and applies the rest; reloads run one at a time.
/// </summary>
public sealed partial class PoolManager : IDisposable
{
    private readonly IPoolStore _store;
    private readonly PoolState _state;
    private readonly ILogger<PoolManager> _logger;
    private readonly SemaphoreSlim _reloading = new(1, 1);

    public PoolManager(IPoolStore store, PoolState state, ILogger<PoolManager> logger)
    {
        _store = store;
        _state = state;
        _logger = logger;
    }

    public PoolSnapshot Current => _state.Current;

    /// <summary>Raised after each reload applied a new snapshot.</summary>
    public event Action? Changed;

    public void Dispose() => _reloading.Dispose();

    public async Task<PoolReloadResult> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var dispatcher = await _store.ListDispatcherAsync(cancellationToken).ConfigureAwait(false);
            var loadBalancer = await _store.ListLoadBalancerAsync(cancellationToken).ConfigureAwait(false);
            var errors = new List<string>();
            var goodDispatcher = new List<DispatcherRecord>();
            foreach (var row in dispatcher)
            {
                var rowErrors = PoolRecordValidator.Validate(row);
                if (rowErrors.Count == 0)
                {
                    goodDispatcher.Add(row);
                }
                else
                {
                    errors.Add($"dispatcher row {row.Id} (set {row.SetId}, {row.Uri}): {Describe(rowErrors)}");
                }
            }

            var goodLoadBalancer = new List<LoadBalancerRecord>();
            foreach (var row in loadBalancer)
            {
                var rowErrors = PoolRecordValidator.Validate(row);
                if (rowErrors.Count == 0)
                {
                    goodLoadBalancer.Add(row);
                }
                else
                {
                    errors.Add($"load_balancer row {row.Id} (group {row.GroupId}, {row.Uri}): {Describe(rowErrors)}");
                }
            }

            _state.Apply(goodDispatcher, goodLoadBalancer);
            Changed?.Invoke();
            foreach (var e in errors)
            {
                Log.RowSkipped(_logger, e);
            }

            Log.Reloaded(_logger, goodDispatcher.Count, goodLoadBalancer.Count, errors.Count);
            return new PoolReloadResult(goodDispatcher.Count, goodLoadBalancer.Count, errors);
        }
        finally
        {
            _reloading.Release();
        }
    }

    public async Task<PoolChange<DispatcherRecord>> AddDispatcherAsync(DispatcherRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        record = record with { Uri = record.Uri?.Trim() ?? "", Attributes = record.Attributes ?? "", Description = record.Description ?? "" };
        var errors = PoolRecordValidator.Validate(record);
        if (errors.Count > 0)
        {
            return new(PoolChangeStatus.Invalid, null, errors);
        }

        var (result, stored) = await _store.AddDispatcherAsync(record, cancellationToken).ConfigureAwait(false);
        if (result == PoolAddResult.Duplicate)
        {
            return new(PoolChangeStatus.Duplicate, null, Single("uri", $"set {record.SetId} already has {record.Uri}"));
        }

        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return new(PoolChangeStatus.Done, stored, Empty);
    }

    public async Task<PoolChangeStatus> RemoveDispatcherAsync(long id, CancellationToken cancellationToken)
    {
        if (!await _store.RemoveDispatcherAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return PoolChangeStatus.NotFound;
        }

        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return PoolChangeStatus.Done;
    }

    public async Task<PoolChangeStatus> SetDispatcherDisabledAsync(long id, bool disabled, CancellationToken cancellationToken)
    {
        if (!await _store.SetDispatcherDisabledAsync(id, disabled, cancellationToken).ConfigureAwait(false))
        {
            return PoolChangeStatus.NotFound;
        }

        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return PoolChangeStatus.Done;
    }

    public async Task<PoolChange<LoadBalancerRecord>> AddLoadBalancerAsync(LoadBalancerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        record = record with { Uri = record.Uri?.Trim() ?? "", Resources = record.Resources ?? "", Description = record.Description ?? "" };
        var errors = PoolRecordValidator.Validate(record);
        if (errors.Count > 0)
        {
            return new(PoolChangeStatus.Invalid, null, errors);
        }

        // Stored in canonical form, so a listing shows what the edge understood.
        if (LoadBalancerResources.TryParse(record.Resources, out var resources, out _))
        {
            record = record with { Resources = resources.ToString() };
        }

        var (result, stored) = await _store.AddLoadBalancerAsync(record, cancellationToken).ConfigureAwait(false);
        if (result == PoolAddResult.Duplicate)
        {
            return new(PoolChangeStatus.Duplicate, null, Single("uri", $"group {record.GroupId} already has {record.Uri}"));
        }

        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return new(PoolChangeStatus.Done, stored, Empty);
    }

    public async Task<PoolChangeStatus> RemoveLoadBalancerAsync(long id, CancellationToken cancellationToken)
    {
        if (!await _store.RemoveLoadBalancerAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return PoolChangeStatus.NotFound;
        }

        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return PoolChangeStatus.Done;
    }

    public async Task<PoolChangeStatus> SetLoadBalancerDisabledAsync(long id, bool disabled, CancellationToken cancellationToken)
    {
        if (!await _store.SetLoadBalancerDisabledAsync(id, disabled, cancellationToken).ConfigureAwait(false))
        {
            return PoolChangeStatus.NotFound;
        }

        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return PoolChangeStatus.Done;
    }

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();

    private static Dictionary<string, string[]> Single(string field, string error) => new() { [field] = [error] };

    private static string Describe(Dictionary<string, string[]> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));

    private static partial class Log
    {
        [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "Pool loaded: {Dispatcher} dispatcher and {LoadBalancer} load-balancer rows ({Skipped} skipped)")]
        public static partial void Reloaded(ILogger logger, int dispatcher, int loadBalancer, int skipped);

        [LoggerMessage(EventId = 1405, Level = LogLevel.Warning, Message = "Pool row skipped: {Problem}")]
        public static partial void RowSkipped(ILogger logger, string problem);
    }
}
