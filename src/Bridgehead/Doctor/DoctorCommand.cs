using System.CommandLine;
using System.Net;
using Bridgehead.AppNode.Hosting;
using Bridgehead.Cli;
using Bridgehead.Hosting;
using Microsoft.Extensions.Configuration;

namespace Bridgehead.Doctor;

/// <summary>
/// `bridgehead doctor`: the debugging checklist against a running deployment, or against one it
/// starts on loopback (--start). Exit code 0 when no step failed, 1 when one did, 2 for bad usage.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Run the debugging checklist (register, originate, calls between softphones and browsers over WS and WSS) and name the cause of each failure.");
        var start = new Option<bool>("--start") { Description = "Start a temporary `bridgehead run` on loopback (its own data folder, free ports, four users) and check it." };
        var server = new Option<string?>("--server") { Description = "The edge's SIP over UDP, HOST[:PORT] (default 127.0.0.1:5060)." };
        var domain = new Option<string?>("--domain") { Description = "The SIP domain of the users (default: the server's host)." };
        var ws = new Option<string?>("--ws") { Description = "The edge's WS listener, ws://HOST:PORT (no default: WS steps are skipped without it)." };
        var wss = new Option<string?>("--wss") { Description = "The edge's WSS listener (default wss://HOST:7443)." };
        var users = new Option<string[]>("--user") { Description = "USER:PASSWORD of a subscriber (made with `bridgehead user add`); repeat: two softphones, then two browsers." };
        var data = CommonOptions.Data();
        data.Description = "The running server's data folder: where the application node's control URL and token are.";
        var control = new Option<string?>("--control") { Description = "The application node's control URL (default: from the data folder)." };
        var token = new Option<string?>("--token") { Description = "The control token (default: from the data folder)." };
        var config = CommonOptions.Config();
        config.Description = "With --start: a JSON configuration file for the started server.";
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON document." };
        var timeout = new Option<int?>("--timeout") { Description = "Seconds a request or call set-up may take (default 10)." };
        var media = new Option<double?>("--media-seconds") { Description = "Seconds media is measured in each call (default 2)." };
        var hold = new Option<double?>("--hold") { Description = "Seconds a browser's registration is watched for its WebSocket closing early (default 2; use more than an idle timeout you suspect)." };
        var chromium = new Option<string?>("--chromium") { Description = "The Chromium executable (default: chromium on PATH; browser steps are skipped without one)." };
        var jssip = new Option<string?>("--jssip") { Description = "A browser build of JsSIP for the browser steps (default: BRIDGEHEAD_JSSIP, else the one built into bridgehead beside the web phone)." };
        foreach (var option in new Option[] { start, server, domain, ws, wss, users, data, control, token, config, json, timeout, media, hold, chromium, jssip })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new DoctorSettings
            {
                StepTimeout = TimeSpan.FromSeconds(result.GetValue(timeout) ?? 10),
                MediaTime = TimeSpan.FromSeconds(result.GetValue(media) ?? 2),
                Hold = TimeSpan.FromSeconds(result.GetValue(hold) ?? 2),
                Chromium = result.GetValue(chromium),
                JsSip = result.GetValue(jssip),
            };
            var asJson = result.GetValue(json);
            var output = Console.Out;
            IDoctorReporter reporter = asJson ? new JsonReporter(output) : new ConsoleReporter(output, !Console.IsOutputRedirected);
            LocalDeployment? local = null;
            DoctorTarget target;
            try
            {
                if (result.GetValue(start))
                {
                    if (!asJson)
                    {
                        await output.WriteLineAsync("starting bridgehead run on loopback...").ConfigureAwait(false);
                    }

                    local = await LocalDeployment.StartAsync(result.GetValue(config), Console.Error, cancellationToken).ConfigureAwait(false);
                    target = local.Target;
                }
                else if (Target(result, server, domain, ws, wss, users, data, control, token, out var error) is { } t)
                {
                    target = t;
                }
                else
                {
                    await Console.Error.WriteLineAsync($"bridgehead: {error}").ConfigureAwait(false);
                    return 2;
                }

                var checklist = new DoctorChecklist(target, settings, reporter);
                await checklist.RunAsync(cancellationToken).ConfigureAwait(false);
                reporter.Completed(checklist.Results);
                return checklist.Results.Any(r => r.Outcome == StepOutcome.Fail) ? 1 : 0;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
            {
                await Console.Error.WriteLineAsync($"bridgehead: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
            finally
            {
                (reporter as IDisposable)?.Dispose();
                if (local is not null)
                {
                    await local.DisposeAsync().ConfigureAwait(false);
                }
            }
        });
        return command;
    }

    private static DoctorTarget? Target(
        ParseResult result,
        Option<string?> server,
        Option<string?> domain,
        Option<string?> ws,
        Option<string?> wss,
        Option<string[]> users,
        Option<string?> data,
        Option<string?> control,
        Option<string?> token,
        out string? error)
    {
        error = null;
        var text = result.GetValue(server) ?? "127.0.0.1:5060";
        if (!IPEndPoint.TryParse(text, out var sip))
        {
            var host = text.Split(':')[0];
            var addresses = Dns.GetHostAddresses(host);
            if (addresses.Length == 0)
            {
                error = $"--server {text}: not an address";
                return null;
            }

            sip = new IPEndPoint(addresses[0], text.Contains(':', StringComparison.Ordinal) && int.TryParse(text[(text.LastIndexOf(':') + 1)..], out var p) ? p : 5060);
        }

        if (sip.Port == 0)
        {
            sip.Port = 5060;
        }

        var list = new List<DoctorUser>();
        foreach (var u in result.GetValue(users) ?? [])
        {
            if (!DoctorUser.TryParse(u, out var user))
            {
                error = $"--user {u}: expected USER:PASSWORD";
                return null;
            }

            list.Add(user!);
        }

        var configuration = new ConfigurationManager();
        EdgeConfiguration.Apply(configuration, new EdgeSettings { DataDirectory = result.GetValue(data) });
        var directory = EdgeConfiguration.DataDirectory(configuration);
        var controlUrl = result.GetValue(control) ?? ControlToken.TryRead(Path.Combine(directory, ControlToken.UrlFileName));
        var secret = result.GetValue(token) ?? ControlToken.TryRead(Path.Combine(directory, ControlToken.FileName));
        var hostText = sip.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{sip.Address}]" : sip.Address.ToString();
        return new DoctorTarget
        {
            Sip = sip,
            Domain = result.GetValue(domain) ?? hostText,
            WebSocket = result.GetValue(ws) is { } w ? new Uri(w) : null,
            SecureWebSocket = new Uri(result.GetValue(wss) ?? $"wss://{hostText}:7443"),
            Control = controlUrl is null ? null : new Uri(controlUrl.TrimEnd('/') + "/"),
            ControlToken = secret,
            Users = list,
        };
    }
}
