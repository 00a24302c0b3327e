using Bridgehead.Management.Web;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Composes the web phone and dashboard pages into a web application.</summary>
public static class WebHosting
{
    /// <summary>Adds the embedded pages when Web:Enabled is on (the default); returns whether they are on.</summary>
    public static bool AddBridgeheadWeb(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<WebOptions>().Bind(section);
        var options = section.Get<WebOptions>() ?? new WebOptions();
        if (options.Enabled)
        {
            services.TryAddSingleton<WebAssets>();
        }

        return options.Enabled;
    }

    /// <summary>Maps the pages, when they are on.</summary>
    public static IEndpointRouteBuilder MapBridgeheadWeb(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetService<WebAssets>() is { } assets)
        {
            app.MapWebAssets(assets);
        }

        return app;
    }
}
