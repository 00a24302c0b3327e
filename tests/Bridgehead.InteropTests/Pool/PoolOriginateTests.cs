using System.Diagnostics;
using System.Globalization;
using Bridgehead.InteropTests.Browser;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Pool;

/// <summary>
/// Calls from a switch (issue 4, 6(d)): with Registrar:Mode forward, a browser (JsSIP in headless
/// Chromium) registers over WSS and a softphone (baresip) over UDP, both through the edge to a
/// sipp switch that is the registrar. Another sipp, a trusted pool member, then calls each of them
/// the way a switch does — Request-URI the Contact it stored, Route the Path — and both ring.
/// </summary>
[Collection("pool-sipp")]
public sealed class PoolOriginateTests
{
    [Fact]
    public async Task ForwardMode_SwitchCallsABrowserOverWssAndASoftphoneOverUdp_BothRing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lab = new PoolLab();
        var wss = FreePorts.Next();
        var originator = PoolLab.FreePort();
        var pool = new
        {
            NoAnswerTimeout = "00:00:01",
            Health = new { ProbeInterval = "00:00:01", ProbeTimeout = "00:00:00.500", FailuresToDown = 2, SuccessesToUp = 1 },
            Trusted = new[] { $"127.0.0.1:{originator}" },
        };
        await lab.StartEdgeAsync(pool, ct, registrar: new { Mode = "forward" }, auth: true, listen: [$"wss:127.0.0.1:{wss}"]);
        var registrar = await PoolRegistrationTests.StartRegistrarAsync(lab, lab.SwitchPorts[0], ct);

        await using var browser = BrowserRunner.Start("answer", new { user = "bob", url = $"wss://127.0.0.1:{wss}", waitMs = 40000, ringOnly = true });
        await browser.WaitReadyAsync();
        var config = Baresip.WriteConfig($"<sip:alice@127.0.0.1:{lab.EdgePort};transport=udp>;auth_pass=secret;regint=600", FreePorts.NextUdpRange(2));
        await using var baresip = TestProcess.Start("baresip", ["-4", "-f", config, "-t", "60"], config);

        // Both registrations reached the switch (through the edge, answering its challenge).
        var deadline = Stopwatch.StartNew();
        List<(string CallId, string User, string Path, string Contact)> registrations;
        while ((registrations = PoolRegistrationTests.ReadRegistrations(registrar.WorkingDirectory)).Select(r => r.User).Distinct().Count() < 2)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"the switch did not get both registrations: {string.Join(", ", registrations.Select(r => r.User))}\n{baresip.Output}\n{browser.Output}");
            await Task.Delay(200, ct);
        }

        var bob = registrations.Last(r => r.User == "bob");
        var alice = registrations.Last(r => r.User == "alice");
        Assert.DoesNotContain("transport=ws", bob.Contact, StringComparison.OrdinalIgnoreCase);
        Assert.Matches($@"^<sip:127\.0\.0\.1:{lab.EdgePort};lr;bhflow=[A-Za-z0-9_-]+>$", bob.Path);
        Assert.Matches($@"^<sip:127\.0\.0\.1:{lab.EdgePort};lr;bhreg=[A-Za-z0-9_-]+>$", alice.Path);

        var toBrowser = await OriginateAsync(lab, originator, "bob", bob.Contact, bob.Path, ct);
        Assert.True(toBrowser.Code == 0, $"the call to the browser did not ring and cancel cleanly (sipp exited {toBrowser.Code}):\n{toBrowser.Output}\n{browser.Output}");
        var result = await browser.ResultAsync();
        var call = Assert.Single(result.GetProperty("calls").EnumerateArray());
        Assert.Equal("switch", call.GetProperty("from").GetString());
        Assert.StartsWith("failed:remote:Canceled", call.GetProperty("outcome").GetString(), StringComparison.Ordinal);

        var toPhone = await OriginateAsync(lab, originator, "alice", alice.Contact, alice.Path, ct);
        Assert.True(toPhone.Code == 0, $"the call to the softphone did not ring and cancel cleanly (sipp exited {toPhone.Code}):\n{toPhone.Output}\n{baresip.Output}");
        await baresip.WaitForLineAsync(l => l.Contains("Incoming call", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(5), cancellationToken: ct);
        await baresip.StopAsync(TimeSpan.FromSeconds(5));
        Directory.Delete(config, recursive: true);
    }

    /// <summary>One call from the switch's side, from the trusted port; sipp's exit code and output.</summary>
    private static async Task<(int Code, string Output)> OriginateAsync(PoolLab lab, int port, string user, string contact, string path, CancellationToken ct)
    {
        var scenario = Path.Combine(lab.Root, $"originate-{user}.xml");
        var template = await File.ReadAllTextAsync(PoolLab.Scenario("switch_originate_uac.xml"), ct);
        await File.WriteAllTextAsync(scenario, template.Replace("{REQUEST_URI}", contact, StringComparison.Ordinal)
            .Replace("{ROUTE}", path, StringComparison.Ordinal).Replace("{USER}", user, StringComparison.Ordinal), ct);
        var sipp = lab.StartSipp($"originate-{user}",
        [
            "-sf", scenario, "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), $"127.0.0.1:{lab.EdgePort}",
            "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error", "-recv_timeout", "10000", "-trace_msg",
        ]);
        var code = await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);
        return (code, sipp.Output.Text + "\n" + PoolRegistrationTests.Messages(sipp.WorkingDirectory));
    }
}
