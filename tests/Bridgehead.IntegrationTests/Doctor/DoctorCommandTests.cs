using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.Doctor;

/// <summary>
/// `bridgehead doctor` as an operator runs it: against a server it starts on loopback, and against
/// a server the test started, with a credential broken on purpose.
/// </summary>
public sealed class DoctorCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task DoctorStart_Loopback_SoftphoneStepsPassAndBrowserStepsSkipWithoutChromium()
    {
        using var work = new TestDirectory("doctor-start");
        var (code, output) = await BridgeheadProcess.RunCommandAsync(["doctor", "--start", "--json", "--chromium", work["no-chromium"]], work.Path, Limit);

        var steps = DoctorReport.Steps(output);
        Assert.Equal(("Pass", "None"), Outcome(steps, "softphone registers"));
        Assert.Equal(("Pass", "None"), Outcome(steps, "switch originates playback to softphone"));
        Assert.Equal(("Pass", "None"), Outcome(steps, "switch originates echo to softphone"));
        Assert.Equal(("Pass", "None"), Outcome(steps, "softphone -> softphone"));
        Assert.Contains("its own", steps["switch originates echo to softphone"].Detail, StringComparison.Ordinal);
        Assert.Equal(14, steps.Count);
        foreach (var browserStep in steps.Where(s => s.Key.Contains("browser", StringComparison.Ordinal)))
        {
            Assert.Equal("Skip", browserStep.Value.Outcome);
            Assert.Contains("Chromium", browserStep.Value.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Doctor_WrongPassword_NamesRegistrationRejectedAndFails()
    {
        using var work = new TestDirectory("doctor-password");
        var data = work["data"];
        var (added, addOutput) = await BridgeheadProcess.RunCommandAsync(["user", "add", "1000", "right", "--data", data], work.Path, Limit);
        Assert.True(added == 0, addOutput);
        var sip = FreePorts.Next();
        var start = new BridgeheadStart(data)
        {
            Listen = [$"udp:127.0.0.1:{sip}"],
            Arguments = ["--management", "off"],
            Settings = new Dictionary<string, string>
            {
                ["AppNode:Listen"] = $"udp:127.0.0.1:{FreePorts.Next()}",
                ["AppNode:Control"] = $"127.0.0.1:{FreePorts.Next()}",
                ["AppNode:Edge"] = $"sip:127.0.0.1:{sip}",
            },
        };
        await using var server = await BridgeheadProcess.StartAsync(start);

        var (code, output) = await BridgeheadProcess.RunCommandAsync(
            ["doctor", "--server", $"127.0.0.1:{sip}", "--data", data, "--user", "1000:wrong", "--json", "--chromium", work["no-chromium"]], work.Path, Limit);

        var steps = DoctorReport.Steps(output);
        Assert.Equal(("Fail", "RegistrationRejected"), Outcome(steps, "softphone registers"));
        Assert.Equal("Skip", steps["switch originates echo to softphone"].Outcome);
        Assert.Equal(1, code);
    }

    private static (string, string) Outcome(Dictionary<string, (string Outcome, string Cause, string Detail)> steps, string name) =>
        (steps[name].Outcome, steps[name].Cause);
}
