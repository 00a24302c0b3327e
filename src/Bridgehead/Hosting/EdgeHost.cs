using System.Net;
using Bridgehead.AppNode.Hosting;
using Bridgehead.Logging;
using Bridgehead.Management;
using Bridgehead.Management.Trace;
using Bridgehead.Management.Web;
using Bridgehead.Ng.Client;
using Bridgehead.Routing;
using Bridgehead.Routing.Auth;
using Bridgehead.Routing.Media;
using Bridgehead.Routing.Pool;
using Bridgehead.Routing.Proxy;
using Bridgehead.Routing.Registrar;
using Bridgehead.Sip.Transactions;
using Bridgehead.Sip.Transport;
using Bridgehead.Sip.Transport.Connections;
using Bridgehead.Sip.Transport.Hosting;
using Bridgehead.Storage;
using Bridgehead.Storage.Pool;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Bridgehead.Hosting;

/// <summary>The composition root of `bridgehead run`: configuration, logging, and every service of the edge.</summary>
internal static class EdgeHost
{
    public static WebApplication Build(EdgeSettings settings)
    {
        // No reload of configuration files on change: the host would otherwise watch the content
        // root (the working directory) recursively, and the default data folder is in it, so
        // every SQLite WAL write woke a file-watcher thread that stat'ed the file.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        EdgeConfiguration.Apply(builder.Configuration, settings);
        var configuration = builder.Configuration;
        var data = EdgeConfiguration.DataDirectory(configuration);
        Directory.CreateDirectory(data);

        ConfigureLogging(builder.Logging, configuration, data);
        var services = builder.Services;
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);

        // Storage first: its initializer must have migrated before the location is loaded.
        services.AddBridgeheadStorage(configuration.GetSection("Storage"));
        services.PostConfigure<StorageOptions>(o => o.DataDirectory ??= data);
        services.AddBridgeheadPoolStorage();

        services.AddOptions<ProxyOptions>().Bind(configuration.GetSection("Proxy")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RegistrarOptions>().Bind(configuration.GetSection("Registrar")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection("Auth")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SipTimerOptions>().Bind(configuration.GetSection("Sip:Timers")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.AddSingleton<IValidateOptions<RegistrarOptions>, RegistrarOptionsValidator>();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        // The binder adds configured items to a list that already holds defaults: Auth:Algorithms
        // ["SHA-256"] became MD5, SHA-256, SHA-256. A configured list replaces the default instead.
        services.PostConfigure<AuthOptions>(o => ReplaceWithConfigured(o.Algorithms, configuration.GetSection("Auth:Algorithms")));
        services.PostConfigure<ProxyOptions>(o => ReplaceWithConfigured(o.SupportedExtensions, configuration.GetSection("Proxy:SupportedExtensions")));
        if (settings.Domains.Count > 0)
        {
            services.PostConfigure<ProxyOptions>(o => o.Domains.AddRange(settings.Domains.Except(o.Domains, StringComparer.OrdinalIgnoreCase)));
        }

        services.AddSingleton<ISipSender>(sp => new TracingSender(new SipTransportSender(sp.GetRequiredService<ISipTransport>()), sp.GetService<SipTraceBuffer>()));
        services.AddSingleton<ISipListenerCatalog, TransportListenerCatalog>();
        services.AddSingleton<IConnectionLeases, TransportConnectionLeases>();
        services.AddSingleton<ISipConnectionObserver, EdgeConnectionObserver>();
        services.AddSingleton<TransactionMetrics>();
        services.AddSingleton<TransactionLayer>();
        services.AddSingleton<EdgeMetrics>();
        services.AddSingleton<LocalAddresses>();
        services.AddSingleton<NextHop>();
        services.AddSingleton<LocationTable>();
        services.AddSingleton<Registrar>();
        services.AddSingleton<DigestAuthenticator>();
        services.AddBridgeheadPool(configuration.GetSection(PoolOptions.SectionName));
        services.AddSingleton<SipEdge>();
        services.AddSingleton<ISipMessageHandler, EdgeMessageHandler>();

        AddMedia(services, configuration);

        // The location is in memory before any listener opens.
        services.AddHostedService<LocationService>();
        services.AddHostedService<PoolService>();
        services.AddBridgeheadManagement(configuration.GetSection(ManagementOptions.SectionName), data);
        var web = services.AddBridgeheadWeb(configuration.GetSection(WebOptions.SectionName));

        // The embedded application node: a switch of its own on loopback SIP; with no switch
        // configured, the edge routes to it.
        if (services.AddEmbeddedAppNode(configuration.GetSection("AppNode"), data) is { } appNode)
        {
            services.PostConfigure<ProxyOptions>(o => o.DefaultRoute ??= appNode);
        }

        services.AddSipTransport().Bind(configuration.GetSection(SipTransportOptions.SectionName));
        services.PostConfigure<SipTransportOptions>(o =>
        {
            if (settings.Listen.Count > 0)
            {
                // Listeners on the command line replace those of files and environment.
                o.Listen.Clear();
                foreach (var l in settings.Listen)
                {
                    o.Listen.Add(l);
                }
            }
            else if (o.Listen.Count == 0)
            {
                foreach (var l in EdgeSettings.DefaultListen)
                {
                    o.Listen.Add(l);
                }
            }

            // The web phone is served on the port its WebSocket connects to (plain GETs; upgrades stay SIP).
            o.WebSocket.ServeHttp |= web;
            if (string.IsNullOrWhiteSpace(o.DataDirectory) || o.DataDirectory == "data")
            {
                o.DataDirectory = data;
            }
        });

        // Kestrel must not open its default port 5000 when none of its endpoints is configured.
        services.AddSingleton<IPostConfigureOptions<KestrelServerOptions>, KestrelFallbackEndpoint>();

        // Building the app already reads the transport's settings: check every section first.
        ConfigurationCheck.ThrowIfInvalid(services);
        var app = builder.Build();
        app.UseThreadPoolForHttp();
        app.MapBridgeheadManagement();
        app.MapBridgeheadWeb();
        return app;
    }

    /// <summary>
    /// The media hook and who it drives through INgClient (section Media): the in-process relay
    /// (Mode relay, the default; its ng listener stays off unless Relay:Ng:Listen is set), an
    /// external rtpengine over ng UDP (Mode external, Media:Ng), or nobody (Mode off: SDP of
    /// switches only gets fix_nated_sdp).
    /// </summary>
    private static void AddMedia(IServiceCollection services, ConfigurationManager configuration)
    {
        var section = configuration.GetSection(MediaOptions.SectionName);
        services.AddOptions<MediaOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>();
        services.AddSingleton<MediaMetrics>();
        services.AddSingleton<MediaHook>();
        var mode = Enum.TryParse<MediaMode>(section[nameof(MediaOptions.Mode)], ignoreCase: true, out var m) ? m : MediaMode.Relay;
        switch (mode)
        {
            case MediaMode.Relay:
                services.AddMediaRelay().Bind(configuration.GetSection(Bridgehead.Relay.RelayOptions.SectionName));
                break;
            case MediaMode.External:
                services.AddSingleton<INgClient>(sp =>
                {
                    var options = sp.GetRequiredService<IOptions<MediaOptions>>().Value;
                    return new NgUdpClient(
                        new NgUdpClientOptions
                        {
                            RemoteEndPoint = IPEndPoint.Parse(options.Ng!),
                            RetransmitInterval = options.NgRetransmitInterval,
                            MaxAttempts = options.NgAttempts,
                        },
                        sp.GetRequiredService<TimeProvider>());
                });
                break;
        }
    }

    private static void ReplaceWithConfigured(List<string> list, IConfigurationSection section)
    {
        var configured = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (configured.Count > 0)
        {
            list.Clear();
            list.AddRange(configured);
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, ConfigurationManager configuration, string data)
    {
        logging.ClearProviders();
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        var level = Enum.TryParse<LogLevel>(configuration["Logging:LogLevel:Default"], ignoreCase: true, out var l) ? l : LogLevel.Information;
        var maxBytes = long.TryParse(configuration["Logging:File:MaxBytes"], System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 10 << 20;
        var keep = int.TryParse(configuration["Logging:File:Keep"], System.Globalization.CultureInfo.InvariantCulture, out var k) ? k : 5;
        logging.AddProvider(new RotatingFileLoggerProvider(Path.Combine(data, "logs", "bridgehead.log"), maxBytes, keep, level));
    }
}
