using Bridgehead.Management;
using Bridgehead.Management.Calls;
using Bridgehead.Management.Trace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Composes the management API into a web application.</summary>
public static class ManagementHosting
{
    /// <summary>
    /// Adds the management endpoint (its own Kestrel listener), the token (created in the data
    /// folder on first start), problem details, and the file that tells the CLI the API's URL.
    /// Nothing is added when <see cref="ManagementOptions.Listen"/> is "off".
    /// </summary>
    public static IServiceCollection AddBridgeheadManagement(this IServiceCollection services, IConfiguration section, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var options = section.Get<ManagementOptions>() ?? new ManagementOptions();
        services.AddOptions<ManagementOptions>().Bind(section).PostConfigure(o => o.DataDirectory ??= dataDirectory);
        if (!options.Enabled)
        {
            return services;
        }

        services.AddProblemDetails();
        services.TryAddSingleton<ManagementEndpoint>();
        services.AddOptions<SipTraceOptions>().Bind(section.GetSection("Trace")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CallTrackerOptions>().Bind(section.GetSection("Calls")).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SipTraceBuffer>();
        services.TryAddSingleton<CallTracker>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, ManagementKestrelSetup>();
        services.AddHostedService<ManagementUrlFile>();
        return services;
    }

    /// <summary>
    /// Maps /api (the pool's tables and health, the location, calls and their traces, originate)
    /// on the management endpoint, and /dashboard/api (the dashboard's data) on every endpoint,
    /// both behind the bearer token. Does nothing when the management API is off.
    /// </summary>
    public static IEndpointRouteBuilder MapBridgeheadManagement(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var endpoint = app.ServiceProvider.GetService<ManagementEndpoint>();
        if (endpoint is null)
        {
            return app;
        }

        var api = app.MapGroup("/api");
        api.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!endpoint.IsThisEndpoint(http.Connection.LocalPort))
            {
                return Results.NotFound();
            }

            if (!HasToken(http, endpoint.Token))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"bridgehead\"";
                return Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "A management token is required",
                    detail: $"Send 'Authorization: Bearer <token>' with the token in {ManagementToken.PathIn(endpoint.DataDirectory)}.");
            }

            return await next(context).ConfigureAwait(false);
        });
        api.MapPoolApi();
        api.MapOperationsApi();

        // The dashboard's data answers wherever the page is served (the web listeners too), and
        // always behind the same token: it lists users, their addresses and their calls.
        var dashboard = app.MapGroup("/dashboard/api");
        dashboard.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!HasToken(http, endpoint.Token))
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "A management token is required",
                    detail: $"Enter the token of {ManagementToken.PathIn(endpoint.DataDirectory)} on the server.");
            }

            http.Response.Headers.CacheControl = "no-store";
            return await next(context).ConfigureAwait(false);
        });
        dashboard.MapDashboardApi();
        return app;
    }

    private static bool HasToken(HttpContext http, string token)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && ManagementToken.Matches(token, header.AsSpan(scheme.Length).Trim());
    }

    /// <summary>Writes the API's URL into the data folder once Kestrel has bound it, and removes it at stop.</summary>
    private sealed class ManagementUrlFile(ManagementEndpoint endpoint, IHostApplicationLifetime lifetime) : IHostedService
    {
        private string Path => System.IO.Path.Combine(endpoint.DataDirectory, ManagementToken.UrlFileName);

        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(() =>
            {
                if (endpoint.IsListening)
                {
                    File.WriteAllText(Path, endpoint.Url.ToString().TrimEnd('/') + "\n");
                }
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            if (!endpoint.IsListening)
            {
                return Task.CompletedTask;
            }

            try
            {
                File.Delete(Path);
            }
            catch (IOException)
            {
            }

            return Task.CompletedTask;
        }
    }
}
