using Bridgehead.Routing.Pool;
using Bridgehead.Storage.Pool;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Bridgehead.Management;

/// <summary>
/// The pool's management API: the dispatcher and load-balancer tables (list, add, remove, enable,
/// disable, reload) and their health and load. Changes apply at once; bad input is a 400 problem
/// document listing every error by field.
/// </summary>
public static class PoolEndpoints
{
    public static RouteGroupBuilder MapPoolApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var dispatcher = api.MapGroup("/dispatcher");
        dispatcher.MapGet("/", ListDispatcher);
        dispatcher.MapPost("/", AddDispatcherAsync);
        dispatcher.MapDelete("/{id:long}", RemoveDispatcherAsync);
        dispatcher.MapPost("/{id:long}/enable", (long id, PoolManager pool, CancellationToken ct) => SetDispatcherAsync(id, false, pool, ct));
        dispatcher.MapPost("/{id:long}/disable", (long id, PoolManager pool, CancellationToken ct) => SetDispatcherAsync(id, true, pool, ct));
        dispatcher.MapPost("/reload", ReloadAsync);

        var lb = api.MapGroup("/lb");
        lb.MapGet("/", ListLoadBalancer);
        lb.MapGet("/status", ListLoadBalancer);
        lb.MapPost("/", AddLoadBalancerAsync);
        lb.MapDelete("/{id:long}", RemoveLoadBalancerAsync);
        lb.MapPost("/{id:long}/enable", (long id, PoolManager pool, CancellationToken ct) => SetLoadBalancerAsync(id, false, pool, ct));
        lb.MapPost("/{id:long}/disable", (long id, PoolManager pool, CancellationToken ct) => SetLoadBalancerAsync(id, true, pool, ct));
        lb.MapPost("/reload", ReloadAsync);
        return api;
    }

    internal static DispatcherListView ListDispatcher(PoolManager pool)
    {
        var snapshot = pool.Current;
        var sets = snapshot.Sets.Values.OrderBy(s => s.Id).Select(s => new DispatcherSetView(s.Id, s.Policy.Name, s.Members.Count)).ToList();
        return new(snapshot.LoadedAt, sets, [.. snapshot.DispatcherRecords.Select(r => DispatcherView.Of(r, snapshot))]);
    }

    internal static LoadBalancerListView ListLoadBalancer(PoolManager pool, LoadBalancerCalls calls)
    {
        var snapshot = pool.Current;
        return new(snapshot.LoadedAt, calls.Count, [.. snapshot.LoadBalancerRecords.Select(r => LoadBalancerView.Of(r, snapshot))]);
    }

    private static async Task<Results<Created<DispatcherView>, ValidationProblem, ProblemHttpResult>> AddDispatcherAsync(
        DispatcherAddRequest body, PoolManager pool, CancellationToken ct)
    {
        var missing = Missing(("setId", body.SetId is null), ("uri", string.IsNullOrWhiteSpace(body.Uri)));
        var record = new DispatcherRecord(0, body.SetId ?? 0, body.Uri ?? "", body.Weight ?? 1, body.Priority ?? 0, body.Attributes ?? "", body.Description ?? "", body.Disabled ?? false);
        var errors = Merge(missing, PoolRecordValidator.Validate(record));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The destination is not valid");
        }

        var change = await pool.AddDispatcherAsync(record, ct).ConfigureAwait(false);
        return change.Status switch
        {
            PoolChangeStatus.Done => TypedResults.Created($"/api/dispatcher/{change.Record!.Id}", DispatcherView.Of(change.Record, pool.Current)),
            PoolChangeStatus.Duplicate => Conflict(change.Errors),
            _ => TypedResults.ValidationProblem(change.Errors, title: "The destination is not valid"),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveDispatcherAsync(long id, PoolManager pool, CancellationToken ct) =>
        await pool.RemoveDispatcherAsync(id, ct).ConfigureAwait(false) == PoolChangeStatus.Done ? TypedResults.NoContent() : NotFound("dispatcher", id);

    private static async Task<Results<Ok<DispatcherView>, ProblemHttpResult>> SetDispatcherAsync(long id, bool disabled, PoolManager pool, CancellationToken ct)
    {
        if (await pool.SetDispatcherDisabledAsync(id, disabled, ct).ConfigureAwait(false) != PoolChangeStatus.Done)
        {
            return NotFound("dispatcher", id);
        }

        var snapshot = pool.Current;
        var record = snapshot.DispatcherRecords.First(r => r.Id == id);
        return TypedResults.Ok(DispatcherView.Of(record, snapshot));
    }

    private static async Task<Results<Created<LoadBalancerView>, ValidationProblem, ProblemHttpResult>> AddLoadBalancerAsync(
        LoadBalancerAddRequest body, PoolManager pool, CancellationToken ct)
    {
        var missing = Missing(("groupId", body.GroupId is null), ("uri", string.IsNullOrWhiteSpace(body.Uri)), ("resources", string.IsNullOrWhiteSpace(body.Resources)));
        var record = new LoadBalancerRecord(0, body.GroupId ?? 0, body.Uri ?? "", body.Resources ?? "", body.ProbeMode ?? 1, body.Description ?? "", body.Disabled ?? false);
        var errors = Merge(missing, PoolRecordValidator.Validate(record));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The destination is not valid");
        }

        var change = await pool.AddLoadBalancerAsync(record, ct).ConfigureAwait(false);
        return change.Status switch
        {
            PoolChangeStatus.Done => TypedResults.Created($"/api/lb/{change.Record!.Id}", LoadBalancerView.Of(change.Record, pool.Current)),
            PoolChangeStatus.Duplicate => Conflict(change.Errors),
            _ => TypedResults.ValidationProblem(change.Errors, title: "The destination is not valid"),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveLoadBalancerAsync(long id, PoolManager pool, CancellationToken ct) =>
        await pool.RemoveLoadBalancerAsync(id, ct).ConfigureAwait(false) == PoolChangeStatus.Done ? TypedResults.NoContent() : NotFound("load-balancer", id);

    private static async Task<Results<Ok<LoadBalancerView>, ProblemHttpResult>> SetLoadBalancerAsync(long id, bool disabled, PoolManager pool, CancellationToken ct)
    {
        if (await pool.SetLoadBalancerDisabledAsync(id, disabled, ct).ConfigureAwait(false) != PoolChangeStatus.Done)
        {
            return NotFound("load-balancer", id);
        }

        var snapshot = pool.Current;
        var record = snapshot.LoadBalancerRecords.First(r => r.Id == id);
        return TypedResults.Ok(LoadBalancerView.Of(record, snapshot));
    }

    private static async Task<ReloadView> ReloadAsync(PoolManager pool, CancellationToken ct)
    {
        var result = await pool.ReloadAsync(ct).ConfigureAwait(false);
        return new(result.DispatcherRows, result.LoadBalancerRows, result.Errors);
    }

    private static Dictionary<string, string[]> Missing(params (string Field, bool IsMissing)[] fields)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, isMissing) in fields)
        {
            if (isMissing)
            {
                errors[field] = [$"{field} is required"];
            }
        }

        return errors;
    }

    private static Dictionary<string, string[]> Merge(Dictionary<string, string[]> first, Dictionary<string, string[]> second)
    {
        foreach (var (field, errors) in second)
        {
            // A missing value's own message says it best; the validator's on the default adds nothing.
            first.TryAdd(field, errors);
        }

        return first;
    }

    private static ProblemHttpResult Conflict(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(
            detail: string.Join(" ", errors.Values.SelectMany(v => v)),
            statusCode: StatusCodes.Status409Conflict,
            title: "The destination exists already");

    private static ProblemHttpResult NotFound(string table, long id) =>
        TypedResults.Problem(detail: $"There is no {table} destination with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
