using Bridgehead.AppNode;
using Bridgehead.AppNode.Hosting;
using Bridgehead.Management.Calls;
using Bridgehead.Management.Trace;
using Bridgehead.Routing.Pool;
using Bridgehead.Routing.Registrar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Management;

/// <summary>
/// What an operator watches and does beside the pool: the location table, the calls the edge is
/// carrying, the SIP trace of one call, and originate (FreeSWITCH's `originate user/1000
/// &amp;echo()`, through the embedded application node). Also the dashboard's one-call state.
/// </summary>
public static class OperationsEndpoints
{
    /// <summary>GET /location, GET /calls, GET /calls/trace?callId=, POST /originate on the management API.</summary>
    public static RouteGroupBuilder MapOperationsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/location", Location);
        api.MapGet("/calls", ([FromServices] CallTracker calls) => calls.Snapshot());
        api.MapGet("/calls/trace", Trace);
        api.MapPost("/originate", OriginateAsync);
        return api;
    }

    /// <summary>GET /state and GET /trace?callId= for the dashboard page.</summary>
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        dashboard.MapGet("/state", State);
        dashboard.MapGet("/trace", Trace);
        return dashboard;
    }

    internal static List<BindingView> Location([FromServices] LocationTable location, [FromServices] TimeProvider time)
    {
        var now = time.GetUtcNow();
        return [.. location.All().Where(b => !b.IsExpiredAt(now)).OrderBy(b => b.Aor, StringComparer.Ordinal).ThenBy(b => b.ContactUri, StringComparer.Ordinal).Select(b => BindingView.Of(b, now))];
    }

    internal static DashboardStateView State(
        [FromServices] LocationTable location,
        [FromServices] PoolManager pool,
        [FromServices] LoadBalancerCalls lbCalls,
        [FromServices] CallTracker calls,
        [FromServices] SipTraceBuffer trace,
        [FromServices] TimeProvider time) =>
        new(time.GetUtcNow(), Location(location, time), PoolEndpoints.ListDispatcher(pool), PoolEndpoints.ListLoadBalancer(pool, lbCalls), calls.Snapshot(),
            new TraceStatusView(trace.Capacity, trace.Captured));

    internal static Results<Ok<CallTraceView>, ValidationProblem> Trace([FromQuery] string? callId, [FromServices] CallTracker calls, [FromServices] SipTraceBuffer trace)
    {
        if (string.IsNullOrWhiteSpace(callId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["callId"] = ["callId is required (?callId=...)"] }, title: "Which call?");
        }

        return TypedResults.Ok(new CallTraceView(callId, calls.Find(callId), trace.ForCall(callId)));
    }

    internal static async Task<IResult> OriginateAsync([FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] OriginateApiRequest? body, IServiceProvider services, CancellationToken ct)
    {
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad originate request", detail: "Send a JSON body such as {\"target\":\"user/1000\",\"application\":\"echo\"}.");
        }

        var missing = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(body.Target))
        {
            missing["target"] = ["target is required: user/1000, user/1000@domain or a sip: URI"];
        }

        if (string.IsNullOrWhiteSpace(body.Application))
        {
            missing["application"] = ["application is required: echo, playback or tone"];
        }

        if (body.TimeoutSeconds is < 1 or > 600)
        {
            missing["timeoutSeconds"] = ["timeoutSeconds must be 1..600"];
        }

        if (missing.Count > 0)
        {
            return TypedResults.ValidationProblem(missing, title: "Bad originate request");
        }

        var words = new List<string> { body.Target!.Trim(), body.Application!.Trim() };
        if (!string.IsNullOrWhiteSpace(body.File))
        {
            if (!Path.IsPathFullyQualified(body.File))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad originate request", detail: $"file '{body.File}' must be an absolute path on the server.");
            }

            words.Add(body.File);
        }

        if (!OriginateRequest.TryParse(words, out var request, out var error))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad originate request", detail: error);
        }

        if (body.TimeoutSeconds is { } seconds)
        {
            request = request! with { Timeout = TimeSpan.FromSeconds(seconds) };
        }

        if (services.GetService<IOriginator>() is not { } originator)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Originate is not available",
                detail: "The embedded application node is off (AppNode:Enabled=false); originate needs it.");
        }

        var result = await originator.OriginateAsync(request!, ct).ConfigureAwait(false);
        var reply = new OriginateReply(result.Outcome, result.StatusCode, result.Reason, result.CallId);
        return result.Outcome switch
        {
            OriginateOutcome.Answered => TypedResults.Ok(reply),
            OriginateOutcome.Invalid => TypedResults.BadRequest(reply),
            OriginateOutcome.NotFound => TypedResults.NotFound(reply),
            _ => TypedResults.Json(reply, statusCode: StatusCodes.Status502BadGateway),
        };
    }
}
