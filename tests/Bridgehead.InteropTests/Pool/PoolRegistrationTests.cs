using System.Globalization;
using System.Text.RegularExpressions;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Pool;

/// <summary>
/// Registration through the edge against real peers (issue 4, 6(e)): Registrar:Mode forward, a
/// sipp switch that is the registrar (challenges with 401, checks the digest, answers 200), and a
/// sipp softphone whose Contact names a private address.
/// </summary>
[Collection("pool-sipp")]
public sealed partial class PoolRegistrationTests
{
    internal static readonly object FastHealth = new
    {
        NoAnswerTimeout = "00:00:01",
        Health = new { ProbeInterval = "00:00:01", ProbeTimeout = "00:00:00.500", FailuresToDown = 2, SuccessesToUp = 1 },
    };

    [Fact]
    public async Task ForwardMode_UserAuthenticatesWithTheSwitchThroughTheEdge_TheSwitchSeesPathAndACleanContact()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lab = new PoolLab();
        await lab.StartEdgeAsync(FastHealth, ct, registrar: new { Mode = "forward" }, auth: true);
        var registrar = await StartRegistrarAsync(lab, lab.SwitchPorts[0], ct);

        var user = lab.StartSipp("user",
        [
            "-sf", PoolLab.Scenario("user_register_uac.xml"), "-s", "alice", "-i", "127.0.0.1", "-p", PoolLab.FreePort().ToString(CultureInfo.InvariantCulture),
            $"127.0.0.1:{lab.EdgePort}", "-m", "1", "-nostdin", "-timeout", "30s", "-timeout_error", "-trace_msg",
        ]);
        var code = await user.WaitForExitAsync(TimeSpan.FromSeconds(40), ct);

        // The user met the switch's challenge (realm switch.test, not the edge's), and found its own Contact in the 200.
        Assert.True(code == 0, $"the user's sipp exited {code}:\n{user.Output}\n{Messages(user.WorkingDirectory)}\n{Messages(registrar.WorkingDirectory)}");
        var (callId, name, path, contact) = Assert.Single(ReadRegistrations(registrar.WorkingDirectory));
        Assert.False(string.IsNullOrEmpty(callId));
        Assert.Equal("alice", name);

        // Path names the edge with the contact's key (a UDP user); the private Contact is presented as the edge's.
        Assert.Matches($@"^<sip:127\.0\.0\.1:{lab.EdgePort};lr;bhreg=[A-Za-z0-9_-]+>$", path);
        Assert.Matches($@"^sip:alice@127\.0\.0\.1:{lab.EdgePort};bhreg=[A-Za-z0-9_-]+$", contact);
    }

    /// <summary>Starts the registrar switch on a port and puts it in dispatcher set 1; returns it once it is up.</summary>
    internal static async Task<TestProcess> StartRegistrarAsync(PoolLab lab, int port, CancellationToken ct)
    {
        var registrar = lab.StartSipp("registrar",
        [
            "-sf", PoolLab.Scenario("switch_registrar_uas.xml"), "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture),
            "-nostdin", "-trace_logs", "-trace_msg", "-timeout", "300s",
        ]);
        await Task.Delay(300, ct);
        await lab.ApiAsync(HttpMethod.Post, "api/dispatcher", new { setId = 1, uri = PoolLab.SwitchUri(port), description = "registrar" }, ct);
        await lab.WaitAllUpAsync("api/dispatcher", ct);
        return registrar;
    }

    /// <summary>The REGISTERs the registrar switch accepted: Call-ID, user, Path and Contact URI as it received them.</summary>
    internal static List<(string CallId, string User, string Path, string Contact)> ReadRegistrations(string folder)
    {
        var result = new List<(string, string, string, string)>();
        foreach (var file in Directory.GetFiles(folder, "*_logs.log"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 5 && parts[0] == "REGISTER")
                {
                    result.Add((parts[1], parts[2], parts[3], parts[4]));
                }
            }
        }

        return result;
    }

    internal static string Messages(string folder) =>
        string.Join("\n", Directory.GetFiles(folder, "*_messages.log").Select(File.ReadAllText));
}
