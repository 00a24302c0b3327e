using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridgehead.AppNode.Hosting;

/// <summary>
/// Runs the application node inside another host (`bridgehead run`): a server of its own with
/// its own listener, started before and stopped after the host's other services by its place in
/// the registration order. The host's <see cref="IOriginator"/> is the node's.
/// </summary>
public sealed class EmbeddedAppNode : IHostedService, IOriginator, IAsyncDisposable
{
    private readonly WebApplication _app;

    public EmbeddedAppNode(IConfiguration section, string dataDirectory, ILoggerFactory loggers)
    {
        _app = AppNodeHost.Build(section, dataDirectory, loggers);
        Node = _app.Services.GetRequiredService<ApplicationNode>();
    }

    public ApplicationNode Node { get; }

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public Task<OriginateResult> OriginateAsync(OriginateRequest request, CancellationToken cancellationToken = default) =>
        Node.OriginateAsync(request, cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>Composition of the embedded node into a host.</summary>
public static class EmbeddedAppNodeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the node as a hosted service when AppNode:Enabled is on (the default), and registers
    /// it as the host's <see cref="IOriginator"/>. Returns the node's SIP URI for the edge to
    /// route to ("sip:127.0.0.1:5080"), or null when the node is off.
    /// </summary>
    public static string? AddEmbeddedAppNode(this IServiceCollection services, IConfiguration section, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var options = section.Get<AppNodeOptions>() ?? new AppNodeOptions();
        if (!options.Enabled)
        {
            return null;
        }

        services.AddSingleton(sp => new EmbeddedAppNode(section, dataDirectory, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IOriginator>(sp => sp.GetRequiredService<EmbeddedAppNode>());
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedAppNode>());
        var listen = Bridgehead.Sip.Transport.ListenAddress.Parse(options.Listen);
        var host = listen.AdvertisedHost ?? (listen.EndPoint.Address.Equals(System.Net.IPAddress.Any) ? "127.0.0.1" : listen.EndPoint.Address.ToString());
        var port = listen.AdvertisedPort ?? listen.EndPoint.Port;
        var transport = listen.Transport == Bridgehead.Sip.SipTransportKind.Udp ? string.Empty : $";transport={listen.Transport.ToString().ToLowerInvariant()}";
        return $"sip:{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}{transport}";
    }
}
