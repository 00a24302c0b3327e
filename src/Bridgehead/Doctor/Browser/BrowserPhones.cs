using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridgehead.Management.Web;

namespace Bridgehead.Doctor.Browser;

/// <summary>
/// Headless Chromium (the system's, when installed) with the doctor's JsSIP page: WebRTC phones
/// as agents' browsers are. Driven over the DevTools protocol, so nothing but Chromium and a
/// browser build of JsSIP is needed. Flags as the interop tests use them: a fake microphone,
/// loopback ICE allowed, the edge's self-signed WSS certificate accepted.
/// </summary>
internal sealed partial class BrowserPhones : IAsyncDisposable
{
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns", "--ignore-certificate-errors",
        "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
    ];

    private const string BuiltInJsSip = "/jssip.js";

    private readonly Process _chromium;
    private readonly string _profile;
    private readonly PageServer _pages;
    private readonly DevToolsSession _page;

    private BrowserPhones(Process chromium, string profile, PageServer pages, DevToolsSession page)
    {
        _chromium = chromium;
        _profile = profile;
        _pages = pages;
        _page = page;
    }

    /// <summary>Starts Chromium on the doctor's page, or says why the browser steps cannot run.</summary>
    public static async Task<(BrowserPhones? Phones, string? Why)> StartAsync(DoctorSettings settings, CancellationToken cancellationToken)
    {
        var chromium = FindChromium(settings.Chromium);
        if (chromium is null)
        {
            return (null, "no Chromium installed (apt-get install chromium, or --chromium PATH)");
        }

        var jsSip = await LoadJsSipAsync(settings.JsSip, cancellationToken).ConfigureAwait(false);
        if (jsSip is null)
        {
            return (null, "no browser build of JsSIP: give --jssip FILE (e.g. esbuild --bundle jssip --format=iife --global-name=JsSIP), or set BRIDGEHEAD_JSSIP");
        }

        var pages = new PageServer(jsSip);
        var profile = Directory.CreateTempSubdirectory("bridgehead-doctor-chromium-").FullName;
        var info = new ProcessStartInfo(chromium) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var flag in Flags)
        {
            info.ArgumentList.Add(flag);
        }

        info.ArgumentList.Add($"--user-data-dir={profile}");
        info.ArgumentList.Add(pages.Address.ToString());
        var process = Process.Start(info)!;
        var endpoint = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && DevToolsLine().Match(line) is { Success: true } m)
            {
                endpoint.TrySetResult(new Uri(m.Groups[1].Value));
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var browser = await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            using var http = new HttpClient { BaseAddress = new Uri($"http://{browser.Authority}/"), Timeout = TimeSpan.FromSeconds(10) };
            DevToolsSession? page = null;
            for (var attempt = 0; attempt < 100 && page is null; attempt++)
            {
                var targets = await http.GetFromJsonAsync<JsonElement>("json/list", cancellationToken).ConfigureAwait(false);
                foreach (var target in targets.EnumerateArray())
                {
                    if (target.GetProperty("type").GetString() == "page" && target.GetProperty("url").GetString()?.StartsWith(pages.Address.ToString(), StringComparison.Ordinal) == true)
                    {
                        page = await DevToolsSession.ConnectAsync(new Uri(target.GetProperty("webSocketDebuggerUrl").GetString()!), cancellationToken).ConfigureAwait(false);
                        break;
                    }
                }

                if (page is null)
                {
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
            }

            if (page is null)
            {
                throw new TimeoutException("Chromium did not open the doctor's page");
            }

            // The page has loaded once window.doctor exists (bounded: 100 tries).
            for (var attempt = 0; attempt < 100; attempt++)
            {
                if ((await page.EvaluateAsync("typeof window.doctor === 'object' && typeof JsSIP === 'object'", TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false)).ValueKind == JsonValueKind.True)
                {
                    return (new BrowserPhones(process, profile, pages, page), null);
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            throw new TimeoutException("the doctor's page did not load JsSIP");
        }
        catch (Exception ex) when (ex is TimeoutException or HttpRequestException or IOException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            pages.Dispose();
            TryDelete(profile);
            return (null, $"Chromium did not start: {ex.Message}");
        }
    }

    public Task<JsonElement> EvaluateAsync(string expression, TimeSpan timeout, CancellationToken cancellationToken) =>
        _page.EvaluateAsync(expression, timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _page.DisposeAsync().ConfigureAwait(false);
        if (!_chromium.HasExited)
        {
            _chromium.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _chromium.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }

        _chromium.Dispose();
        _pages.Dispose();
        TryDelete(_profile);
    }

    private static string? FindChromium(string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(configured) ? configured : null;
        }

        foreach (var name in (string[])["chromium", "chromium-browser", "google-chrome"])
        {
            foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator))
            {
                var path = Path.Combine(folder, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// --jssip, else BRIDGEHEAD_JSSIP, else the JsSIP built into this executable beside the web
    /// phone (wwwroot/jssip.js, the same pinned version), so `doctor --start` needs no npm.
    /// </summary>
    private static async Task<byte[]?> LoadJsSipAsync(string? configured, CancellationToken cancellationToken)
    {
        if ((configured ?? Environment.GetEnvironmentVariable("BRIDGEHEAD_JSSIP")) is { } path)
        {
            return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
        }

        return new WebAssets().Find(BuiltInJsSip, out _)?.Content.ToArray();
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
