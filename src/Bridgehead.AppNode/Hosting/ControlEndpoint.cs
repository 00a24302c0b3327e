using System.Net;
using System.Text.Json.Serialization;
using Bridgehead.AppNode.Registrar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bridgehead.AppNode.Hosting;

/// <summary>What POST /originate takes (the CLI's `originate` words, as JSON).</summary>
public sealed record OriginateBody(string Target, string Application, string? File = null, int? TimeoutSeconds = null);

/// <summary>What POST /originate answers.</summary>
public sealed record OriginateReply(
    [property: JsonConverter(typeof(JsonStringEnumConverter<OriginateOutcome>))] OriginateOutcome Outcome,
    int Status,
    string Reason,
    string? CallId);

/// <summary>A registration as GET /registrations lists it.</summary>
public sealed record RegistrationView(string User, string Contact, IReadOnlyList<string> Path, int ExpiresIn, string Source, string? UserAgent);

/// <summary>A call as GET /calls lists it.</summary>
public sealed record CallView(string CallId, string Application, bool Outbound, string State, long RtpReceived, long RtpSent, string Digits);

/// <summary>
/// The node's loopback control endpoint: originate, and what is registered and up. Bearer token
/// from the data folder; until the management API carries originate (it calls the same
/// <see cref="IOriginator"/>), this is what `bridgehead originate` talks to.
/// </summary>
public static class ControlEndpoint
{
    public static void Map(IEndpointRouteBuilder app, ApplicationNode node, string token)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(node);
        var group = app.MapGroup("/");
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            // The node's Kestrel serves HTTP on the control endpoint only; loopback peers only all the same.
            if (!IPAddress.IsLoopback(http.Connection.RemoteIpAddress ?? IPAddress.None))
            {
                return Results.NotFound();
            }

            var header = http.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || !ControlToken.Matches(token, header[7..].Trim()))
            {
                return Results.Problem(statusCode: 401, title: "A token is required", detail: $"Send 'Authorization: Bearer <token>' with the token in the data folder's {ControlToken.FileName}.");
            }

            return await next(context).ConfigureAwait(false);
        });

        group.MapPost("/originate", async (OriginateBody body, CancellationToken cancellationToken) =>
        {
            var words = new List<string> { body.Target, body.Application };
            if (body.File is not null)
            {
                words.Add(body.File);
            }

            if (!OriginateRequest.TryParse(words, out var request, out var error))
            {
                return Results.Problem(statusCode: 400, title: "Bad originate request", detail: error);
            }

            if (body.TimeoutSeconds is { } seconds)
            {
                request = request! with { Timeout = TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 600)) };
            }

            var result = await node.OriginateAsync(request!, cancellationToken).ConfigureAwait(false);
            var reply = new OriginateReply(result.Outcome, result.StatusCode, result.Reason, result.CallId);
            return result.Outcome switch
            {
                OriginateOutcome.Answered => Results.Ok(reply),
                OriginateOutcome.Invalid => Results.BadRequest(reply),
                OriginateOutcome.NotFound => Results.NotFound(reply),
                _ => Results.Json(reply, statusCode: 502),
            };
        });

        group.MapGet("/registrations", () =>
        {
            var now = node.Time.GetUtcNow();
            return Results.Ok(node.Registrar.Table.All(now).Select(r => new RegistrationView(r.User, r.ContactUri, r.Path, r.SecondsLeft(now), r.Source.ToString(), r.UserAgent)));
        });

        group.MapGet("/calls", () => Results.Ok(node.Calls.Select(c => new CallView(
            c.CallId, c.Application.Name, c.IsOutbound, c.State.ToString(), c.Stream?.PacketsReceived ?? 0, c.Stream?.PacketsSent ?? 0, c.Digits))));
    }
}
