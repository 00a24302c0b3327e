using System.Globalization;
using System.Text.Json;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.WebPhone;

/// <summary>
/// The newcomer's first minute, in headless Debian Chromium: open the web phone the edge serves on
/// its WSS port, register 1000 (digest, as `bridgehead user add 1000 secret` made it), call 9196,
/// hear the echo (inbound packets grow: headless Chromium reports audioLevel 0, so packets are
/// counted), hang up; the dashboard meanwhile lists the registration, the call, and its ladder.
/// </summary>
public sealed class WebPhoneTests
{
    private static string Folder => Path.Combine(Bridgehead.Testing.TestVectors.RepositoryRoot(), "tests", "Bridgehead.InteropTests", "WebPhone");

    [Fact]
    public async Task WebPhone_Register1000Call9196HangUp_EchoComesBack_AndTheDashboardShowsIt()
    {
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules", "playwright-core")), $"npm packages are missing: run `npm ci` in {Folder} (scripts/test.sh does)");
        Assert.True(File.Exists("/usr/bin/chromium"), "chromium is missing: apt-get install chromium (scripts/test.sh does)");
        var data = Directory.CreateTempSubdirectory("bridgehead-webphone-").FullName;
        var dll = BridgeheadProcess.DllPath;
        var (code, output) = await TestProcess.RunAsync("dotnet", [dll, "user", "--data", data, "add", "1000", "secret"], data, TimeSpan.FromSeconds(90));
        Assert.True(code == 0, $"bridgehead user add 1000 failed: {output}");

        // JsSIP 3.13 answers only the last of several challenges and knows MD5 only: offer MD5 alone.
        var config = Path.Combine(data, "bridgehead.json");
        await File.WriteAllTextAsync(config, """{ "Auth": { "Algorithms": [ "MD5" ] } }""", TestContext.Current.CancellationToken);
        int sip = FreePorts.Next(), wss = FreePorts.Next(), management = FreePorts.Next();
        var rtp = 44000 + (Random.Shared.Next(0, 50) * 100);
        var environment = new Dictionary<string, string?>
        {
            ["BRIDGEHEAD_AppNode__Listen"] = $"udp:127.0.0.1:{FreePorts.Next()}",
            ["BRIDGEHEAD_AppNode__Edge"] = $"sip:127.0.0.1:{sip}",
            ["BRIDGEHEAD_AppNode__Control"] = "127.0.0.1:0",
            ["BRIDGEHEAD_AppNode__RtpPortMin"] = rtp.ToString(CultureInfo.InvariantCulture),
            ["BRIDGEHEAD_AppNode__RtpPortMax"] = (rtp + 99).ToString(CultureInfo.InvariantCulture),
        };
        await using var server = TestProcess.Start("dotnet",
        [
            dll, "run", "--config", config, "--data", data, "--listen", $"udp:127.0.0.1:{sip}", "--listen", $"wss:127.0.0.1:{wss}",
            "--management", $"127.0.0.1:{management}",
        ], data, environment);
        try
        {
            // The edge's WSS listener is announced once Kestrel has bound it (the embedded node starts first).
            await server.WaitForLineAsync(l => l.Contains($"on 127.0.0.1:{wss}", StringComparison.Ordinal), TimeSpan.FromSeconds(90), cancellationToken: TestContext.Current.CancellationToken);
            await AcceptsAsync(wss);
            await AcceptsAsync(management);
            var token = (await File.ReadAllTextAsync(Path.Combine(data, "management.token"), TestContext.Current.CancellationToken)).Trim();
            var arguments = new { url = $"https://127.0.0.1:{wss}/", user = "1000", password = "secret", target = "9196", token, holdMs = 2000 };
            await using var browser = TestProcess.Start("node", ["runner.js", JsonSerializer.Serialize(arguments)], Folder);
            var line = await browser.WaitForLineAsync(l => l.StartsWith("RESULT ", StringComparison.Ordinal), TimeSpan.FromSeconds(120), cancellationToken: TestContext.Current.CancellationToken);
            var result = JsonDocument.Parse(line["RESULT ".Length..]).RootElement;
            var context = $"{line}\n--- bridgehead ---\n{Tail(server.Output.Text)}";

            Assert.False(result.TryGetProperty("error", out _), context);
            Assert.Equal("Bridgehead web phone", result.GetProperty("title").GetString());
            Assert.Equal($"wss://127.0.0.1:{wss}", result.GetProperty("defaultServer").GetString());
            Assert.StartsWith("registered as 1000@127.0.0.1", result.GetProperty("registration").GetString(), StringComparison.Ordinal);

            // The dashboard saw the registration and the call whatever became of it.
            var dashboard = result.GetProperty("dashboard");
            Assert.False(dashboard.TryGetProperty("error", out _), context);
            Assert.Contains(dashboard.GetProperty("registrations").EnumerateArray(), r => (r[0].GetString() == "1000" || r[0].GetString()!.StartsWith("1000@", StringComparison.Ordinal)) && r[2].GetString() == "wss");
            var call = dashboard.GetProperty("call").EnumerateArray().Select(c => c.GetString()).ToList();
            Assert.Equal(result.GetProperty("callId").GetString(), call[0]);
            Assert.Contains("INVITE", dashboard.GetProperty("ladder").EnumerateArray().Select(l => l.GetString()));

            // The echo: the call is up and the far end's packets keep coming.
            Assert.StartsWith("in call", result.GetProperty("call").GetString(), StringComparison.Ordinal);
            Assert.Equal("Answered", call[3]);
            var received = result.GetProperty("packetsReceived").EnumerateArray().Select(p => p.GetInt64()).ToList();
            // The first sample may come before DTLS is up on a busy machine: what counts is that they keep coming.
            Assert.True(received[^1] > received[0] + 50, $"inbound packets did not grow: {string.Join(" -> ", received)}\n{context}");
            Assert.Contains("200 OK", dashboard.GetProperty("ladder").EnumerateArray().Select(l => l.GetString()));
            Assert.StartsWith("ended (Terminated, by local)", result.GetProperty("ended").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await server.StopAsync(TimeSpan.FromSeconds(10));
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task AcceptsAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try
            {
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port, TestContext.Current.CancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];
}
