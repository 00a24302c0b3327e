using Bridgehead.Ng.Client;
using Bridgehead.Relay;
using Bridgehead.Relay.Hosting;
using Bridgehead.Relay.Ng;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Composes the media relay into a host.</summary>
public static class RelayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the media relay: <see cref="MediaRelay"/> with its workers and sweeper as a hosted
    /// service, the in-process <see cref="INgClient"/> the edge uses by default, and the ng UDP
    /// listener when <see cref="RelayNgOptions.Listen"/> is set. Options are validated on start
    /// with every error listed. Another <see cref="INgClient"/> registered first (an external
    /// rtpengine) takes precedence.
    /// </summary>
    public static OptionsBuilder<RelayOptions> AddMediaRelay(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RelayOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RelayOptions>, RelayOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RelayMetrics>();
        services.TryAddSingleton<MediaRelay>();
        services.TryAddSingleton<INgClient>(sp => new RelayNgClient(sp.GetRequiredService<MediaRelay>()));
        services.AddHostedService<RelayHostedService>();
        return options;
    }
}
