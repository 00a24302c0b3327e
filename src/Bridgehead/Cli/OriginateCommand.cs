using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bridgehead.AppNode;
using Bridgehead.AppNode.Hosting;
using Bridgehead.Hosting;
using Microsoft.Extensions.Configuration;

namespace Bridgehead.Cli;

/// <summary>
/// `bridgehead originate user/1000 echo | playback [FILE] | tone`: asks the running node
/// (embedded in `run`, or `appnode`) to call a user, over its loopback control endpoint with the
/// token from the data folder. Waits until the call is answered or has failed.
/// </summary>
internal static class OriginateCommand
{
    public static Command Create()
    {
        var command = new Command("originate", "Have the application node call a user: originate user/1000 echo | playback [FILE] | tone.");
        var target = new Argument<string>("target") { Description = "user/1000, user/1000@domain, or a sip: URI." };
        var application = new Argument<string>("application") { Description = "echo, playback or tone." };
        var file = new Argument<string?>("file") { Description = "The WAV file to play (playback only; default: the bundled recording).", Arity = ArgumentArity.ZeroOrOne };
        var config = CommonOptions.Config();
        var data = CommonOptions.Data();
        var server = new Option<string?>("--server") { Description = "The node's control URL (default: what the running node wrote into the data folder, else http://127.0.0.1:5081)." };
        var token = new Option<string?>("--token") { Description = $"The control token (default: the data folder's {ControlToken.FileName})." };
        var timeout = new Option<int?>("--timeout") { Description = "Seconds the call may ring (default 30)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        command.Arguments.Add(target);
        command.Arguments.Add(application);
        command.Arguments.Add(file);
        foreach (var option in new Option[] { config, data, server, token, timeout, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var words = new List<string> { result.GetValue(target)!, result.GetValue(application)! };
            if (result.GetValue(file) is { } f)
            {
                // The node reads the file: give it a full path.
                words.Add(Path.GetFullPath(f));
            }

            if (!OriginateRequest.TryParse(words, out _, out var error))
            {
                await Console.Error.WriteLineAsync($"bridgehead: {error}").ConfigureAwait(false);
                return 2;
            }

            var configuration = new ConfigurationManager();
            EdgeConfiguration.Apply(configuration, new EdgeSettings { ConfigFile = result.GetValue(config), DataDirectory = result.GetValue(data) });
            var directory = EdgeConfiguration.DataDirectory(configuration);
            var url = result.GetValue(server)
                ?? ControlToken.TryRead(Path.Combine(directory, ControlToken.UrlFileName))
                ?? $"http://{configuration["AppNode:Control"] ?? "127.0.0.1:5081"}";
            var secret = result.GetValue(token) ?? Environment.GetEnvironmentVariable("BRIDGEHEAD_APPNODE_TOKEN") ?? ControlToken.TryRead(Path.Combine(directory, ControlToken.FileName));
            if (secret is null)
            {
                await Console.Error.WriteLineAsync($"bridgehead: no control token: give --token, or --data with the running server's data folder ({Path.Combine(directory, ControlToken.FileName)} does not exist)").ConfigureAwait(false);
                return 2;
            }

            var seconds = result.GetValue(timeout);
            using var http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds((seconds ?? 30) + 30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            HttpResponseMessage response;
            try
            {
                response = await http.PostAsJsonAsync("originate", new OriginateBody(words[0], words[1], words.Count > 2 ? words[2] : null, seconds), cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync($"bridgehead: cannot reach the application node at {url}: {ex.Message} (is `bridgehead run` or `bridgehead appnode` running? see --server)").ConfigureAwait(false);
                return 3;
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (result.GetValue(json))
                {
                    Console.WriteLine(text);
                    return response.IsSuccessStatusCode ? 0 : 1;
                }

                try
                {
                    using var doc = JsonDocument.Parse(text);
                    var root = doc.RootElement;
                    if (root.TryGetProperty("outcome", out var outcome))
                    {
                        var line = $"{outcome.GetString()}: {root.GetProperty("status").GetInt32()} {root.GetProperty("reason").GetString()}";
                        if (root.TryGetProperty("callId", out var callId) && callId.ValueKind == JsonValueKind.String)
                        {
                            line += $" (Call-ID {callId.GetString()})";
                        }

                        (response.IsSuccessStatusCode ? Console.Out : Console.Error).WriteLine(line);
                    }
                    else
                    {
                        await Console.Error.WriteLineAsync($"bridgehead: {(int)response.StatusCode} {(root.TryGetProperty("title", out var t) ? t.GetString() : response.ReasonPhrase)} {(root.TryGetProperty("detail", out var d) ? d.GetString() : string.Empty)}").ConfigureAwait(false);
                    }
                }
                catch (JsonException)
                {
                    await Console.Error.WriteLineAsync($"bridgehead: {(int)response.StatusCode} {response.ReasonPhrase} {text}").ConfigureAwait(false);
                }

                return response.IsSuccessStatusCode ? 0 : 1;
            }
        });
        return command;
    }
}
