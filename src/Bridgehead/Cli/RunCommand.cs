using System.CommandLine;
using Bridgehead.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bridgehead.Cli;

/// <summary>`bridgehead run`: the edge on its embedded defaults, or as configured.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the edge (SIP proxy, registrar) until Ctrl-C or SIGTERM.");
        var config = CommonOptions.Config();
        var data = CommonOptions.Data();
        var listen = new Option<string[]>("--listen")
        {
            Description = "A listener such as udp:127.0.0.1:5060, tcp:[::1]:5060, tls:0.0.0.0:5061, ws:127.0.0.1:8080, wss:0.0.0.0:7443 (repeatable; replaces the defaults).",
            AllowMultipleArgumentsPerToken = false,
        };
        var domain = new Option<string[]>("--domain") { Description = "A local domain (repeatable)." };
        var auth = new Option<string?>("--auth") { Description = "Digest authentication: on (default) or off (a lab only)." };
        auth.AcceptOnlyFromAmong("on", "off");
        var defaultRoute = new Option<string?>("--default-route") { Description = "Where requests for unknown users and other domains go, e.g. sip:10.0.0.10:5060." };
        var logLevel = new Option<string?>("--log-level") { Description = "Trace, Debug, Information, Warning, Error." };
        var management = new Option<string?>("--management") { Description = "The management API's address and port (default 127.0.0.1:8088, loopback only), or off." };
        command.Options.Add(config);
        command.Options.Add(data);
        command.Options.Add(listen);
        command.Options.Add(domain);
        command.Options.Add(auth);
        command.Options.Add(defaultRoute);
        command.Options.Add(logLevel);
        command.Options.Add(management);
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new EdgeSettings
            {
                ConfigFile = result.GetValue(config),
                DataDirectory = result.GetValue(data),
                Listen = result.GetValue(listen) ?? [],
                Domains = result.GetValue(domain) ?? [],
                Auth = result.GetValue(auth) switch { "on" => true, "off" => false, _ => null },
                DefaultRoute = result.GetValue(defaultRoute),
                LogLevel = result.GetValue(logLevel),
                Management = result.GetValue(management),
            };
            return await RunAsync(settings, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(EdgeSettings settings, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = EdgeHost.Build(settings);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException or IOException)
        {
            await Console.Error.WriteLineAsync($"bridgehead: configuration error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (OptionsValidationException ex)
        {
            await WriteFailuresAsync(ex.Failures).ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                await Console.Error.WriteLineAsync($"bridgehead: cannot open a listener: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (Exception ex) when (Failures(ex) is { Count: > 0 } failures)
            {
                await WriteFailuresAsync(failures).ConfigureAwait(false);
                return 2;
            }

            // Ctrl-C / SIGTERM (seen by the host's console lifetime or by the command line's token):
            // stop listening, let the storage writer drain, then exit.
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
    }

    private static async Task WriteFailuresAsync(IEnumerable<string> failures)
    {
        await Console.Error.WriteLineAsync("bridgehead: the configuration has errors:").ConfigureAwait(false);
        foreach (var failure in failures)
        {
            await Console.Error.WriteLineAsync($"  - {failure}").ConfigureAwait(false);
        }
    }

    /// <summary>Every configuration error in an options-validation failure, however it is wrapped.</summary>
    private static List<string> Failures(Exception ex)
    {
        var failures = new List<string>();
        Collect(ex, failures);
        return failures;

        static void Collect(Exception e, List<string> into)
        {
            switch (e)
            {
                case OptionsValidationException validation:
                    into.AddRange(validation.Failures);
                    break;
                case AggregateException aggregate:
                    foreach (var inner in aggregate.InnerExceptions)
                    {
                        Collect(inner, into);
                    }

                    break;
                case FormatException or ArgumentException when e.InnerException is null:
                    into.Add(e.Message);
                    break;
                default:
                    if (e.InnerException is not null)
                    {
                        Collect(e.InnerException, into);
                    }

                    break;
            }
        }
    }
}
