using System.Text.Json;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Browser;

/// <summary>
/// runner.js: headless Debian Chromium driven by playwright-core, JsSIP in a page served from
/// 127.0.0.1. One scenario per run; it prints READY when its users are registered and waiting,
/// and RESULT followed by JSON at the end.
/// </summary>
internal sealed class BrowserRunner : IAsyncDisposable
{
    private readonly TestProcess _node;

    private BrowserRunner(TestProcess node) => _node = node;

    public static string Folder => Path.Combine(Bridgehead.Testing.TestVectors.RepositoryRoot(), "tests", "Bridgehead.InteropTests", "Browser");

    public string Output => _node.Output.Text;

    public static BrowserRunner Start(string scenario, object arguments)
    {
        Assert.True(
            Directory.Exists(Path.Combine(Folder, "node_modules", "jssip")) && Directory.Exists(Path.Combine(Folder, "node_modules", "playwright-core")),
            $"npm packages are missing: run `npm ci` in {Folder} (scripts/test.sh does)");
        Assert.True(File.Exists("/usr/bin/chromium"), "chromium is missing: apt-get install chromium (scripts/test.sh does)");
        return new BrowserRunner(TestProcess.Start("node", ["runner.js", scenario, JsonSerializer.Serialize(arguments)], Folder));
    }

    public Task SayAsync(string line) => _node.WriteLineAsync(line);

    public Task WaitReadyAsync() => _node.WaitForLineAsync(l => l == "READY", TimeSpan.FromSeconds(60), "READY");

    public async Task<JsonElement> ResultAsync()
    {
        var line = await _node.WaitForLineAsync(l => l.StartsWith("RESULT ", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        await _node.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return JsonDocument.Parse(line["RESULT ".Length..]).RootElement.Clone();
    }

    /// <summary>SIGTERM to node, then SIGKILL to it and the Chromium it started, each by its process id.</summary>
    public async ValueTask DisposeAsync()
    {
        await _node.StopWithDescendantsAsync(TimeSpan.FromSeconds(5));
        await _node.DisposeAsync();
    }
}
