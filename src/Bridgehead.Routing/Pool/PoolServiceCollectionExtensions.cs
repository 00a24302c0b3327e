using Bridgehead.Routing.Pool;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Composes the switch pool into a host.</summary>
public static class PoolServiceCollectionExtensions
{
    /// <summary>
    /// Adds the pool's options (validated on start), state, health updater, load-balancer ledger,
    /// router, prober and manager. The host also needs the pool store (<c>AddBridgeheadPoolStorage</c>),
    /// and must load the pool (<see cref="PoolManager.ReloadAsync"/>) and start the prober.
    /// </summary>
    public static IServiceCollection AddBridgeheadPool(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PoolOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PoolOptions>, PoolOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PoolMetrics>();
        services.TryAddSingleton<IHealthPolicy>(sp =>
        {
            var health = sp.GetRequiredService<IOptions<PoolOptions>>().Value.Health;
            return new ConsecutiveFailuresHealthPolicy(health.FailuresToDown, health.SuccessesToUp);
        });
        services.TryAddSingleton<HealthUpdater>();
        services.TryAddSingleton(sp => new ResourceLoadPolicy(sp.GetRequiredService<IOptions<PoolOptions>>().Value.LoadBalancer.Mode, new Random()));
        services.TryAddSingleton<LoadBalancerLedger>();
        services.TryAddSingleton<LoadBalancerCalls>();
        services.TryAddSingleton(sp => new PoolState(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PoolOptions>>(), sp.GetRequiredService<LoadBalancerLedger>()));
        services.TryAddSingleton<PoolRouter>();
        services.TryAddSingleton<OptionsProber>();
        services.TryAddSingleton<PoolManager>();
        return services;
    }
}
