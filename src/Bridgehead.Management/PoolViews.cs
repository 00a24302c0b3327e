using Bridgehead.Routing.Pool;
using Bridgehead.Storage.Pool;

namespace Bridgehead.Management;

/// <summary>A destination's health as the API shows it; admin state is shown beside it, never mixed in.</summary>
public sealed record HealthView(string Status, DateTimeOffset Since, int ConsecutiveFailures, string? LastReason)
{
    public static HealthView Of(DestinationState? state, bool probed)
    {
        if (state is null)
        {
            return new("not-loaded", DateTimeOffset.MinValue, 0, null);
        }

        var h = state.Health;
        var status = !probed ? "not-probed" : h.Status switch { HealthStatus.Up => "up", HealthStatus.Down => "down", _ => "unknown" };
        return new(status, h.Since, h.ConsecutiveFailures, h.LastReason);
    }
}

public sealed record CountersView(long Forwarded, long Answered, long Failed, long Probes)
{
    public static CountersView Of(DestinationState? state) =>
        state is null ? new(0, 0, 0, 0) : new(state.Forwarded, state.Answered, state.Failed, state.Probes);
}

/// <summary>One dispatcher row with its runtime state.</summary>
public sealed record DispatcherView(
    long Id,
    int SetId,
    string Uri,
    int Weight,
    int Priority,
    string Attributes,
    string Description,
    string State,
    HealthView Health,
    CountersView Counters)
{
    public static DispatcherView Of(DispatcherRecord r, PoolSnapshot snapshot)
    {
        var state = snapshot.Find(r.Uri);
        return new(r.Id, r.SetId, r.Uri, r.Weight, r.Priority, r.Attributes, r.Description, r.Disabled ? "disabled" : "enabled",
            HealthView.Of(state, probed: true), CountersView.Of(state));
    }
}

public sealed record DispatcherSetView(int Id, string Policy, int Destinations);

public sealed record DispatcherListView(DateTimeOffset LoadedAt, IReadOnlyList<DispatcherSetView> Sets, IReadOnlyList<DispatcherView> Destinations);

public sealed record ResourceView(string Name, int Capacity, int Used);

/// <summary>One load-balancer row with its load and runtime state.</summary>
public sealed record LoadBalancerView(
    long Id,
    int GroupId,
    string Uri,
    string Resources,
    int ProbeMode,
    string Description,
    string State,
    IReadOnlyList<ResourceView> Load,
    HealthView Health,
    CountersView Counters)
{
    public static LoadBalancerView Of(LoadBalancerRecord r, PoolSnapshot snapshot)
    {
        LoadBalancerMember? member = null;
        if (snapshot.Groups.TryGetValue(r.GroupId, out var group))
        {
            member = group.Members.FirstOrDefault(m => m.Config.Id == r.Id);
        }

        var load = new List<ResourceView>();
        if (LoadBalancerResources.TryParse(r.Resources, out var resources, out _))
        {
            foreach (var (name, capacity) in resources.Capacities)
            {
                load.Add(new ResourceView(name, capacity, member?.Usage.Used(name) ?? 0));
            }
        }

        var state = member?.State ?? snapshot.Find(r.Uri);
        return new(r.Id, r.GroupId, r.Uri, r.Resources, r.ProbeMode, r.Description, r.Disabled ? "disabled" : "enabled", load,
            HealthView.Of(state, probed: r.ProbeMode != 0), CountersView.Of(state));
    }
}

public sealed record LoadBalancerListView(DateTimeOffset LoadedAt, int AnsweredCalls, IReadOnlyList<LoadBalancerView> Destinations);

/// <summary>The body of POST /api/dispatcher (OpenSIPS's "dispatcher addgw").</summary>
public sealed record DispatcherAddRequest(int? SetId, string? Uri, int? Weight, int? Priority, string? Attributes, string? Description, bool? Disabled);

/// <summary>The body of POST /api/lb.</summary>
public sealed record LoadBalancerAddRequest(int? GroupId, string? Uri, string? Resources, int? ProbeMode, string? Description, bool? Disabled);

public sealed record ReloadView(int DispatcherRows, int LoadBalancerRows, IReadOnlyList<string> Errors);
