using System.CommandLine;
using Bridgehead.AppNode;
using Bridgehead.AppNode.Hosting;
using Bridgehead.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Cli;

/// <summary>`bridgehead appnode`: the application node alone, as a stand-in switch behind any edge.</summary>
internal static class AppNodeCommand
{
    public static Command Create()
    {
        var command = new Command("appnode", "Run the application node alone (echo 9196, playback 9664, tone 9198, registrar, originate).");
        var config = CommonOptions.Config();
        var data = CommonOptions.Data();
        var listen = new Option<string?>("--listen") { Description = "The node's SIP listener (default udp:127.0.0.1:5080)." };
        var edge = new Option<string?>("--edge") { Description = "The edge, where calls to users not registered here go (default sip:127.0.0.1:5060; 'none' for none)." };
        var control = new Option<string?>("--control") { Description = "The loopback control endpoint for `bridgehead originate` (default 127.0.0.1:5081, or off)." };
        var logLevel = new Option<string?>("--log-level") { Description = "Trace, Debug, Information, Warning, Error." };
        command.Options.Add(config);
        command.Options.Add(data);
        command.Options.Add(listen);
        command.Options.Add(edge);
        command.Options.Add(control);
        command.Options.Add(logLevel);
        command.SetAction(async (result, cancellationToken) =>
        {
            var configuration = new ConfigurationManager();
            EdgeConfiguration.Apply(configuration, new EdgeSettings { ConfigFile = result.GetValue(config), DataDirectory = result.GetValue(data), LogLevel = result.GetValue(logLevel) });
            var directory = EdgeConfiguration.DataDirectory(configuration);
            var level = Enum.TryParse<LogLevel>(configuration["Logging:LogLevel:Default"], true, out var l) ? l : LogLevel.Information;
            using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(level).AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            }));

            Microsoft.AspNetCore.Builder.WebApplication app;
            try
            {
                app = AppNodeHost.Build(configuration.GetSection(AppNodeOptions.SectionName), directory, loggers, o =>
                {
                    o.Listen = result.GetValue(listen) ?? o.Listen;
                    if (result.GetValue(edge) is { } e)
                    {
                        o.Edge = e.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : e;
                    }

                    o.Control = result.GetValue(control) ?? o.Control;
                });
            }
            catch (Exception ex) when (ex is OptionsValidationException or FormatException)
            {
                await Console.Error.WriteLineAsync($"bridgehead: configuration error: {ex.Message}").ConfigureAwait(false);
                return 2;
            }

            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
                {
                    await Console.Error.WriteLineAsync($"bridgehead: cannot open a listener: {ex.Message}").ConfigureAwait(false);
                    return 1;
                }

                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
        });
        return command;
    }
}
