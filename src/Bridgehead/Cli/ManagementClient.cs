using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bridgehead.Hosting;
using Bridgehead.Management;
using Microsoft.Extensions.Configuration;

namespace Bridgehead.Cli;

/// <summary>
/// The CLI's side of the management API: finds the server (--server, else the URL the running
/// server wrote into the data folder, else http://127.0.0.1:8088), reads the token (--token, else
/// the data folder's token file), and turns problem documents into readable errors.
/// </summary>
internal sealed class ManagementClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly HttpClient _http;

    private ManagementClient(Uri server, string token)
    {
        _http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Server = server;
    }

    public Uri Server { get; }

    public static Option<string?> ServerOption() => new("--server") { Description = "The management API's URL (default: what the running server wrote into the data folder, else http://127.0.0.1:8088)." };

    public static Option<string?> TokenOption() => new("--token") { Description = "The management token (default: the data folder's management.token)." };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print the API's JSON instead of a table." };

    /// <summary>Builds a client from the command line, or prints why it cannot and returns null.</summary>
    public static ManagementClient? Create(ParseResult result, Option<string?> server, Option<string?> token, Option<string?> config, Option<string?> data)
    {
        var configuration = new ConfigurationManager();
        EdgeConfiguration.Apply(configuration, new EdgeSettings { ConfigFile = result.GetValue(config), DataDirectory = result.GetValue(data) });
        var directory = EdgeConfiguration.DataDirectory(configuration);

        var url = result.GetValue(server)
            ?? ManagementToken.TryRead(Path.Combine(directory, ManagementToken.UrlFileName))
            ?? (configuration["Management:Listen"] is { } listen && ManagementOptions.TryParseListen(listen, out var ep, out _) && ep.Port > 0 ? $"http://{ep}" : null)
            ?? $"http://{ManagementOptions.DefaultListen}";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            Console.Error.WriteLine($"bridgehead: --server '{url}' is not an http:// URL");
            return null;
        }

        var secret = result.GetValue(token) ?? Environment.GetEnvironmentVariable("BRIDGEHEAD_TOKEN") ?? ManagementToken.TryRead(ManagementToken.PathIn(directory));
        if (secret is null)
        {
            Console.Error.WriteLine($"bridgehead: no management token: give --token, or --data with the server's data folder ({ManagementToken.PathIn(directory)} does not exist)");
            return null;
        }

        return new ManagementClient(uri, secret);
    }

    public async Task<(T? Value, int ExitCode)> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"bridgehead: cannot reach the management API at {Server}: {ex.Message} (is the server running? see --server)").ConfigureAwait(false);
            return (default, 3);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                if (typeof(T) == typeof(object) || response.Content.Headers.ContentLength == 0)
                {
                    return (default, 0);
                }

                return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false), 0);
            }

            await PrintProblemAsync(response, cancellationToken).ConfigureAwait(false);
            return (default, (int)response.StatusCode is 400 or 409 ? 2 : 1);
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task PrintProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : response.ReasonPhrase;
            await Console.Error.WriteLineAsync($"bridgehead: {(int)response.StatusCode} {title}").ConfigureAwait(false);
            if (root.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } d)
            {
                await Console.Error.WriteLineAsync($"  {d}").ConfigureAwait(false);
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    foreach (var message in field.Value.EnumerateArray())
                    {
                        await Console.Error.WriteLineAsync($"  - {field.Name}: {message.GetString()}").ConfigureAwait(false);
                    }
                }
            }
        }
        catch (JsonException)
        {
            await Console.Error.WriteLineAsync($"bridgehead: {(int)response.StatusCode} {response.ReasonPhrase} {text}").ConfigureAwait(false);
        }
    }
}
