using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.IntegrationTests.AppNode;

/// <summary>
/// `bridgehead run` as a user starts it: the edge with the embedded node behind it. A call to
/// 9196 through the edge reaches the node over loopback SIP (the edge's default route points at
/// it) and is echoed; originate through the node's control endpoint reaches a user through the
/// edge's own location lookup.
/// </summary>
public sealed class EmbeddedAppNodeTests
{
    private static string Executable()
    {
        var here = Path.Combine(AppContext.BaseDirectory, "bridgehead.dll");
        return File.Exists(here) ? here : Path.Combine(Bridgehead.Testing.TestVectors.RepositoryRoot(), "src", "Bridgehead", "bin", "Release", "net10.0", "bridgehead.dll");
    }

    [Fact]
    public async Task Run_CallTo9196ThroughTheEdge_IsEchoedByTheEmbeddedNode()
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-run-appnode-").FullName;
        File.CreateSymbolicLink(Path.Combine(folder, "pcap"), "/usr/share/sip-tester");
        var edgePort = FreePorts.Next();
        var nodePort = FreePorts.Next();
        var rtp = 40000 + (Random.Shared.Next(0, 100) * 100);
        var environment = new Dictionary<string, string?>
        {
            ["BRIDGEHEAD_AppNode__Listen"] = $"udp:127.0.0.1:{nodePort}",
            ["BRIDGEHEAD_AppNode__Edge"] = $"sip:127.0.0.1:{edgePort}",
            ["BRIDGEHEAD_AppNode__Control"] = "127.0.0.1:0",
            ["BRIDGEHEAD_AppNode__RtpPortMin"] = rtp.ToString(CultureInfo.InvariantCulture),
            ["BRIDGEHEAD_AppNode__RtpPortMax"] = (rtp + 99).ToString(CultureInfo.InvariantCulture),
        };
        await using var server = TestProcess.Start(
            "dotnet",
            [Executable(), "run", "--listen", $"udp:127.0.0.1:{edgePort}", "--auth", "off", "--data", Path.Combine(folder, "data")],
            folder,
            environment);
        await server.Output.WaitForAsync("Application node on", TimeSpan.FromSeconds(30));
        await server.Output.WaitForAsync("Application started", TimeSpan.FromSeconds(10));
        Assert.Contains("Application node on", server.Output.Text, StringComparison.Ordinal);

        await using (var caller = Sipp.Start(folder, "-sn", "uac_pcap", $"127.0.0.1:{edgePort}", "-s", "9196", "-p", FreePorts.Next().ToString(CultureInfo.InvariantCulture), "-mp", "0", "-m", "1"))
        {
            Assert.Equal(0, await caller.WaitForExitAsync(TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken));
        }

        await server.Output.WaitForAsync("(echo) ended", TimeSpan.FromSeconds(5));
        Assert.Matches(@"\(echo\) ended: remote BYE; RTP received 24\d, sent 24\d", server.Output.Text);

        // originate through the control endpoint: the user is not registered at the node, so the
        // INVITE goes to the edge; the edge has no such user either and answers 404.
        var data = Path.Combine(folder, "data");
        var url = (await File.ReadAllTextAsync(Path.Combine(data, "appnode.url"), TestContext.Current.CancellationToken)).Trim();
        var token = (await File.ReadAllTextAsync(Path.Combine(data, "appnode.token"), TestContext.Current.CancellationToken)).Trim();
        using var http = new HttpClient { BaseAddress = new Uri(url + "/") };
        using (var refused = await http.PostAsJsonAsync("originate", new { target = "user/1000", application = "echo" }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.PostAsJsonAsync("originate", new { target = "user/1000", application = "echo", timeoutSeconds = 5 }, TestContext.Current.CancellationToken);
        var reply = await response.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>(TestContext.Current.CancellationToken);
        Assert.Equal("Rejected", reply!["outcome"].GetString());
        Assert.Equal(404, reply["status"].GetInt32());
    }
}
