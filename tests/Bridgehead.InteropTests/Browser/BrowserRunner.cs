using System.Text.Json;

namespace Bridgehead.InteropTests.Browser;

/// <summary>
/// runner.js: headless Debian Chromium driven by playwright-core, JsSIP in a page served from
/// 127.0.0.1. One scenario per run; it prints READY when its users are registered and waiting,
/// and RESULT followed by JSON at the end.
/// </summary>
internal sealed class BrowserRunner : IAsyncDisposable
{
    private readonly PeerProcess _node;

    private BrowserRunner(PeerProcess node) => _node = node;

    public static string Folder => Path.Combine(Bridgehead.Testing.TestVectors.RepositoryRoot(), "tests", "Bridgehead.InteropTests", "Browser");

    public string Output => _node.Output;

    public static BrowserRunner Start(string scenario, object arguments)
    {
        Assert.True(
            Directory.Exists(Path.Combine(Folder, "node_modules", "jssip")) && Directory.Exists(Path.Combine(Folder, "node_modules", "playwright-core")),
            $"npm packages are missing: run `npm ci` in {Folder} (scripts/test.sh does)");
        Assert.True(File.Exists("/usr/bin/chromium"), "chromium is missing: apt-get install chromium (scripts/test.sh does)");
        return new BrowserRunner(PeerProcess.Start("node", Folder, ["runner.js", scenario, JsonSerializer.Serialize(arguments)]));
    }

    public Task SayAsync(string line) => _node.WriteLineAsync(line);

    public Task WaitReadyAsync() => _node.WaitForLineAsync(l => l == "READY", TimeSpan.FromSeconds(60));

    public async Task<JsonElement> ResultAsync()
    {
        var line = await _node.WaitForLineAsync(l => l.StartsWith("RESULT ", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        await _node.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return JsonDocument.Parse(line["RESULT ".Length..]).RootElement.Clone();
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
