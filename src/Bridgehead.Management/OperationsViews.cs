using Bridgehead.Management.Calls;
using Bridgehead.Management.Trace;
using Bridgehead.Storage.Location;

namespace Bridgehead.Management;

/// <summary>One binding of the location table as the API shows it.</summary>
public sealed record BindingView(
    string Aor,
    string Contact,
    string Transport,
    string Source,
    string LocalListener,
    int ExpiresIn,
    string? UserAgent,
    string? Path,
    long ConnectionId)
{
    public static BindingView Of(BindingRecord r, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Aor, r.ContactUri, r.Transport.ToString().ToLowerInvariant(), r.Source, r.LocalListener,
            (int)Math.Max(0, Math.Ceiling((r.ExpiresAt - now).TotalSeconds)), r.UserAgent, r.Path, r.ConnectionId);
    }
}

/// <summary>The capture's fill: how many messages it holds at most and has seen.</summary>
public sealed record TraceStatusView(int Capacity, long Captured);

/// <summary>What the dashboard polls: everything but the ladder, in one answer.</summary>
public sealed record DashboardStateView(
    DateTimeOffset Now,
    IReadOnlyList<BindingView> Registrations,
    DispatcherListView Dispatcher,
    LoadBalancerListView LoadBalancer,
    IReadOnlyList<TrackedCall> Calls,
    TraceStatusView Trace);

/// <summary>The ladder of one call: the call as tracked (null once forgotten) and its captured messages.</summary>
public sealed record CallTraceView(string CallId, TrackedCall? Call, IReadOnlyList<SipTraceEntry> Messages);

/// <summary>The body of POST /api/originate: `bridgehead originate TARGET APPLICATION [FILE]` as JSON.</summary>
/// <param name="Target">"user/1000", "user/1000@domain" or a sip: URI.</param>
/// <param name="Application">"echo", "playback" or "tone" (FreeSWITCH's "&amp;echo()" also).</param>
/// <param name="File">For playback: a WAV file on the server (absolute path); none for the bundled recording.</param>
/// <param name="TimeoutSeconds">How long it may ring, 1..600 (default: the node's).</param>
public sealed record OriginateApiRequest(string? Target, string? Application, string? File, int? TimeoutSeconds);
