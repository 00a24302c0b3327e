using Bridgehead.Sip.Transport;
using Bridgehead.Sip.Transport.Connections;
using Bridgehead.Sip.Transport.Hosting;
using Bridgehead.Sip.Transport.Streams;
using Bridgehead.Sip.Transport.Tls;
using Bridgehead.Sip.Transport.WebSockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Composes the SIP transport into a host.</summary>
public static class SipTransportServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SIP transport: UDP loops as a hosted service, a Kestrel endpoint per TCP/TLS/WS/WSS
    /// listener (in a <c>WebApplication</c>, slim builder included), the connection table, and
    /// <see cref="ISipTransport"/>. The host must also register an <see cref="ISipMessageHandler"/>,
    /// and may register <see cref="ISipConnectionObserver"/>s and a <see cref="TimeProvider"/>.
    /// Options are validated on start with every error listed.
    /// </summary>
    /// <remarks>
    /// Without a web server (a generic host) only UDP listeners and outbound TCP/TLS work. After the
    /// host has started, <see cref="ISipTransport.Listeners"/> holds the bound ports.
    /// </remarks>
    public static OptionsBuilder<SipTransportOptions> AddSipTransport(this IServiceCollection services, Action<SipTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SipTransportOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SipTransportOptions>, SipTransportOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(sp => new SipListenerSet(
            sp.GetRequiredService<IOptions<SipTransportOptions>>().Value.Listen.Select(ListenAddress.Parse)));
        services.TryAddSingleton<SipTransportMetrics>();
        services.TryAddSingleton<SipConnectionTable>();
        services.TryAddSingleton<SipServerCertificate>();
        services.TryAddSingleton<SipTlsPeerValidator>();
        services.TryAddSingleton<SipMessageHandlerAccessor>();
        services.TryAddSingleton<SipStreamReceiver>();
        services.TryAddSingleton<SipStreamConnector>();
        services.TryAddSingleton<SipStreamConnectionHandler>();
        services.TryAddSingleton<SipWebSocketReceiver>();
        services.TryAddSingleton<SipWebSocketConnectionHandler>();
        services.TryAddSingleton<ISipTransport, SipTransport>();

        services.TryAddSingleton<SipKestrelSetup>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, SipKestrelSetup>(sp => sp.GetRequiredService<SipKestrelSetup>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<SocketTransportOptions>, SipKestrelSetup>(sp => sp.GetRequiredService<SipKestrelSetup>()));
        services.AddHostedService<SipTransportService>();
        return options;
    }
}
