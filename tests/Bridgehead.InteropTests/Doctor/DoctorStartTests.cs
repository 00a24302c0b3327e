using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Doctor;

/// <summary>
/// `bridgehead doctor --start --json` as an operator runs it after installing Chromium: nothing
/// else given, so the browser steps use the JsSIP built into bridgehead beside the web phone. On a
/// healthy loopback deployment every step of the checklist passes, the browser ones over WS and
/// WSS included.
/// </summary>
public sealed class DoctorStartTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    private static readonly string[] Expected =
    [
        "softphone registers",
        "switch originates playback to softphone",
        "switch originates echo to softphone",
        "softphone -> softphone",
        "browser registers over WS",
        "switch originates echo to browser (WS)",
        "softphone -> browser (WS)",
        "browser -> softphone (WS)",
        "browser -> browser (WS)",
        "browser registers over WSS",
        "switch originates echo to browser (WSS)",
        "softphone -> browser (WSS)",
        "browser -> softphone (WSS)",
        "browser -> browser (WSS)",
    ];

    [Fact]
    public async Task DoctorStart_LoopbackWithChromium_EveryStepPassesWithBuiltInJsSip()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "chromium is missing: apt-get install chromium (scripts/test.sh does)");
        Assert.True(Environment.GetEnvironmentVariable("BRIDGEHEAD_JSSIP") is null, "unset BRIDGEHEAD_JSSIP: this test checks the JsSIP built into bridgehead");
        using var work = new TestDirectory("doctor-start-browser");

        var (code, report) = await BridgeheadProcess.RunCommandAsync(["doctor", "--start", "--json"], work.Path, Limit);
        TestContext.Current.TestOutputHelper?.WriteLine(report);

        var steps = DoctorBrowserTests.Steps(report);
        Assert.Equal(Expected, steps.Keys);
        foreach (var name in Expected)
        {
            Assert.True(steps[name] is ("Pass", "None", _), $"{name}: {steps[name]}");
        }

        Assert.Contains("its own", steps["switch originates echo to softphone"].Detail, StringComparison.Ordinal);
        Assert.Contains("registered for 600 s", steps["browser registers over WSS"].Detail, StringComparison.Ordinal);
        Assert.Equal(0, code);
    }
}
