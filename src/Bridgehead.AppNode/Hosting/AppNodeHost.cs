using System.Net;
using Bridgehead.AppNode.Media;
using Bridgehead.AppNode.Registrar;
using Bridgehead.AppNode.Sip;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Sip.Transport;
using Bridgehead.Sip.Transport.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.AppNode.Hosting;

/// <summary>
/// Builds the application node as a server of its own: its own SIP transport and listener, its
/// own transaction layer, its RTP ports, and its loopback control endpoint. `bridgehead appnode`
/// runs it alone; `bridgehead run` runs it beside the edge in the same process (see
/// <see cref="EmbeddedAppNode"/>), where it still talks to the edge only over SIP, exactly as a
/// FreeSWITCH would, so the edge's logic is the same for real switches.
/// </summary>
public static class AppNodeHost
{
    /// <param name="section">The "AppNode" configuration section.</param>
    /// <param name="dataDirectory">Where the control token and URL files go.</param>
    /// <param name="loggers">A logger factory to share (the edge's, when embedded); null: console logging of its own.</param>
    /// <param name="configure">Overrides after binding (command-line flags, tests).</param>
    /// <param name="time">The clock; null for the system clock.</param>
    public static WebApplication Build(IConfiguration section, string dataDirectory, ILoggerFactory? loggers = null, Action<AppNodeOptions>? configure = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = section.Get<AppNodeOptions>() ?? new AppNodeOptions();
        configure?.Invoke(options);
        options.DataDirectory ??= dataDirectory;
        var errors = AppNodeOptionsValidator.Check(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(AppNodeOptions.SectionName, typeof(AppNodeOptions), errors);
        }

        // No reload of configuration files on change: the host would otherwise watch the working
        // directory recursively, and every file written under it (the edge's own SQLite WAL and
        // logs included) would wake a file-watcher thread.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        var services = builder.Services;
        if (loggers is not null)
        {
            builder.Logging.ClearProviders();
            services.AddSingleton(loggers);
        }

        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddSipTransport(o =>
        {
            o.Listen.Clear();
            o.Listen.Add(options.Listen);
            o.DataDirectory = options.DataDirectory;
        });
        services.AddOptions<SipTimerOptions>();
        services.AddSingleton<ISipSender, SipTransportSender>();
        services.AddSingleton<TransactionMetrics>();
        services.AddSingleton<TransactionLayer>();
        services.AddSingleton<AppNodeMetrics>();
        services.AddSingleton<RegistrationTable>();
        services.AddSingleton<AppNodeRegistrar>();
        services.AddSingleton<IRtpSocketFactory, UdpRtpSocketFactory>();
        services.AddSingleton(sp => new MediaClock(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new SipIdGenerator(new Random()));
        services.AddSingleton<ApplicationNode>();
        services.AddSingleton<IOriginator>(sp => sp.GetRequiredService<ApplicationNode>());
        services.AddSingleton<ISipMessageHandler, AppNodeMessageHandler>();
        services.AddHostedService<AppNodeService>();

        // Kestrel serves the control endpoint and a TCP/TLS SIP listener. With neither it still
        // starts, and must not take its default port 5000: it gets a loopback port of the system's
        // choosing. An endpoint, not UseUrls: a URL beside endpoints makes Kestrel warn at every start.
        var control = ParseControl(options.Control);
        var streamListener = ListenAddress.Parse(options.Listen).Transport != SipTransportKind.Udp;
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (control is not null)
            {
                k.Listen(control, l => l.Protocols = HttpProtocols.Http1);
            }
            else if (!streamListener)
            {
                k.Listen(IPAddress.Loopback, 0);
            }
        });

        var app = builder.Build();
        app.UseThreadPoolForHttp();
        if (control is not null)
        {
            var token = ControlToken.LoadOrCreate(options.DataDirectory);
            var node = app.Services.GetRequiredService<ApplicationNode>();
            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            var urlFile = Path.Combine(options.DataDirectory, ControlToken.UrlFileName);
            lifetime.ApplicationStarted.Register(() => File.WriteAllText(urlFile, $"http://{new IPEndPoint(control.Address, BoundPort(app, control))}\n"));
            lifetime.ApplicationStopping.Register(() =>
            {
                try
                {
                    File.Delete(urlFile);
                }
                catch (IOException)
                {
                }
            });
            ControlEndpoint.Map(app, node, token);
        }

        return app;
    }

    /// <summary>"127.0.0.1:5081" → the endpoint; "off" or empty → null.</summary>
    public static IPEndPoint? ParseControl(string? text) =>
        string.IsNullOrWhiteSpace(text) || text.Trim().Equals("off", StringComparison.OrdinalIgnoreCase) ? null
        : IPEndPoint.TryParse(text.Trim(), out var endPoint) ? endPoint
        : throw new FormatException($"AppNode:Control '{text}' is not an address and port such as 127.0.0.1:5081 (or off)");

    private static int BoundPort(WebApplication app, IPEndPoint control)
    {
        foreach (var url in app.Urls)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (control.Port == 0 || uri.Port == control.Port))
            {
                return uri.Port;
            }
        }

        return control.Port;
    }
}
