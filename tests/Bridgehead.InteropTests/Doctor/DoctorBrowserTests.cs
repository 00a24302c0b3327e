using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Doctor;

/// <summary>
/// `bridgehead doctor` with its browser (headless Debian Chromium, JsSIP bundled from the pinned
/// npm package) against a server the test started, with the seed's outage made on purpose: the
/// WebSocket path closes connections after 3 s while registrations run 600 s. The doctor must
/// name it on WS, and pass the same step over WSS, which goes straight to the edge. JsSIP
/// reconnects 2 s after each close and registers again, so the 10 s hold spans at least one
/// re-registration: the doctor must judge every registration, not only the latest (which may be
/// a moment old when it looks, and looked healthy then).
/// </summary>
public sealed class DoctorBrowserTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    private static string BrowserFolder => Path.Combine(Bridgehead.Testing.TestVectors.RepositoryRoot(), "tests", "Bridgehead.InteropTests", "Browser");

    [Fact]
    public async Task Doctor_WebSocketClosedBeforeRegistrationExpires_NamesWebSocketLifetime()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "chromium is missing: apt-get install chromium (scripts/test.sh does)");
        using var work = new TestDirectory("doctor-browser");
        var jsSip = await BundleJsSipAsync(work["jssip.js"]);
        var data = work["data"];
        var users = new[] { "1000", "1001", "1002", "1003" };
        foreach (var user in users)
        {
            var (added, output) = await BridgeheadProcess.RunCommandAsync(["user", "add", user, $"pw{user}", "--data", data], work.Path, Limit);
            Assert.True(added == 0, output);
        }

        var (sip, ws, wss) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var start = new BridgeheadStart(data)
        {
            Listen = [$"udp:127.0.0.1:{sip}", $"ws:127.0.0.1:{ws}", $"wss:127.0.0.1:{wss}"],
            Probes = [$"udp:127.0.0.1:{sip}"],
            Arguments = ["--management", "off"],
            Settings = new Dictionary<string, string>
            {
                ["AppNode:Listen"] = $"udp:127.0.0.1:{FreePorts.Next()}",
                ["AppNode:Control"] = $"127.0.0.1:{FreePorts.Next()}",
                ["AppNode:Edge"] = $"sip:127.0.0.1:{sip}",
            },
        };
        await using var server = await BridgeheadProcess.StartAsync(start);
        using var balancer = new ClosingForwarder(new IPEndPoint(IPAddress.Loopback, ws), TimeSpan.FromSeconds(3));

        var arguments = new List<string>
        {
            "doctor", "--server", $"127.0.0.1:{sip}", "--ws", $"ws://127.0.0.1:{balancer.Port}", "--wss", $"wss://127.0.0.1:{wss}",
            "--data", data, "--json", "--hold", "10", "--jssip", jsSip,
        };
        foreach (var user in users)
        {
            arguments.AddRange(["--user", $"{user}:pw{user}"]);
        }

        var (code, report) = await BridgeheadProcess.RunCommandAsync(arguments, work.Path, Limit);
        TestContext.Current.TestOutputHelper?.WriteLine(report);

        var steps = Steps(report);
        Assert.Equal("Pass", steps["softphone registers"].Outcome);
        Assert.Equal(("Fail", "WebSocketLifetimeShorterThanRegistration"), (steps["browser registers over WS"].Outcome, steps["browser registers over WS"].Cause));
        Assert.Contains("600 s", steps["browser registers over WS"].Detail, StringComparison.Ordinal);
        var registrations = Regex.Match(steps["browser registers over WS"].Detail, @"(\d+) registrations? in");
        Assert.True(registrations.Success && int.Parse(registrations.Groups[1].Value, CultureInfo.InvariantCulture) >= 2, $"the hold should span a re-registration: {steps["browser registers over WS"].Detail}");
        Assert.Equal(("Pass", "None"), (steps["browser registers over WSS"].Outcome, steps["browser registers over WSS"].Cause));
        Assert.Equal(1, code);
    }

    /// <summary>A browser build of JsSIP from the pinned npm package (npm ci in Browser/, as scripts/test.sh does).</summary>
    private static async Task<string> BundleJsSipAsync(string target)
    {
        var esbuild = Path.Combine(BrowserFolder, "node_modules", ".bin", "esbuild");
        Assert.True(File.Exists(esbuild), $"npm packages are missing: run `npm ci` in {BrowserFolder} (scripts/test.sh does)");
        var info = new ProcessStartInfo(esbuild) { WorkingDirectory = BrowserFolder, UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in new[] { "--bundle", Path.Combine("node_modules", "jssip", "lib", "JsSIP.js"), "--format=iife", "--global-name=JsSIP", $"--outfile={target}", "--log-level=warning" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(wait.Token);
        Assert.True(process.ExitCode == 0, error);
        return target;
    }

    internal static Dictionary<string, (string Outcome, string Cause, string Detail)> Steps(string console)
    {
        var lines = console.Split('\n');
        var first = Array.FindIndex(lines, l => l.TrimEnd() == "{");
        var last = Array.FindLastIndex(lines, l => l.TrimEnd() == "}");
        Assert.True(first >= 0 && last > first, $"no JSON report in:\n{console}");
        using var doc = JsonDocument.Parse(string.Join('\n', lines[first..(last + 1)]));
        return doc.RootElement.GetProperty("steps").EnumerateArray().ToDictionary(
            s => s.GetProperty("name").GetString()!,
            s => (s.GetProperty("outcome").GetString()!, s.GetProperty("cause").GetString()!, s.GetProperty("detail").GetString()!));
    }
}
