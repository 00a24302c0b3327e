using System.Globalization;
using System.Text.Json;
using Bridgehead.InteropTests.Browser;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Media;

/// <summary>
/// Media through the edge and the in-process relay, with real peers: JsSIP in headless Chromium
/// (WebRTC: ICE, DTLS-SRTP, rtcp-mux), sipp (plain PCMU, RTP echo and rtp_stream) and baresip
/// (plain PCMU). Media is proven by packet counts at the receiving end growing while the call is up.
/// </summary>
public sealed class EdgeMediaInteropTests(MediaEdgeFixture fixture) : IClassFixture<MediaEdgeFixture>
{
    private BridgeheadServer Edge => fixture.Server;

    [Fact]
    public async Task Browser_CallsASippEchoThroughTheRelay_ItsOwnAudioComesBack()
    {
        await using var browser = BrowserRunner.Start("callcount", new { user = "alice", url = Edge.WssUrl, target = "sip:echo@127.0.0.1" });

        var result = await browser.ResultAsync();

        Assert.True(Text(result, "state") == "confirmed", Describe(result, browser));
        AssertGrowing(result.GetProperty("packets"), result, browser);
        Assert.StartsWith("connected/", Text(result, "dtls"), StringComparison.Ordinal);

        // The browser's SDP went to the relay towards the plain switch, the answer back towards the browser.
        Assert.Contains("towards a Plain leg", Edge.Log, StringComparison.Ordinal);
        Assert.Contains("ng answer for call", Edge.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SippPlayingPcmu_CallsABrowser_TheBrowserReceivesIt()
    {
        await using var browser = BrowserRunner.Start("answer", new { user = "erin", url = Edge.WsUrl, waitMs = 25000 });
        await browser.WaitReadyAsync();
        var folder = Directory.CreateTempSubdirectory("bh-sipp-pcmu-").FullName;
        File.Copy(Path.Combine(Folder, "sipp-uac-pcmu.xml"), Path.Combine(folder, "sipp-uac-pcmu.xml"));
        PcmuRecording.Write(Path.Combine(folder, "tone.wav"), TimeSpan.FromSeconds(2));

        var (code, output) = await TestProcess.RunAsync("sipp",
            ["-sf", "sipp-uac-pcmu.xml", $"127.0.0.1:{Edge.UdpPort}", "-s", "erin", "-i", "127.0.0.1", "-mi", "127.0.0.1",
             "-p", FreePorts.Next().ToString(CultureInfo.InvariantCulture), "-m", "1", "-nostdin", "-timeout", "40s", "-timeout_error", "-recv_timeout", "15000"],
            folder, TimeSpan.FromSeconds(60));
        var result = await browser.ResultAsync();
        Directory.Delete(folder, recursive: true);

        Assert.True(code == 0, $"sipp exited {code}:\n{output}\n{Describe(result, browser)}");
        var call = Assert.Single(result.GetProperty("calls").EnumerateArray());
        Assert.Equal("SAVPF", Text(call, "offer"));
        AssertGrowing(call.GetProperty("packets"), result, browser);
    }

    [Fact]
    public async Task Browser_CallsAnotherBrowser_MediaFlowsBothWaysThroughTheRelayAndThroughAReInvite()
    {
        await using var browser = BrowserRunner.Start("call", new { caller = "carol", callerUrl = Edge.WsUrl, callee = "dave", calleeUrl = Edge.WssUrl, reinvite = true });

        var result = await browser.ResultAsync();

        Assert.True(Text(result, "state") == "confirmed", Describe(result, browser));
        AssertGrowing(result.GetProperty("callerPackets"), result, browser);
        AssertGrowing(result.GetProperty("calleePackets"), result, browser);
        Assert.Contains("towards a WebRtc leg", Edge.Log, StringComparison.Ordinal);

        // The re-INVITE (a new offer from the caller) went through edge and relay; media goes on.
        Assert.True(Text(result, "reinvite") == "ok", Describe(result, browser));
        AssertGrowing(result.GetProperty("callerPacketsAfter"), result, browser);
        AssertGrowing(result.GetProperty("calleePacketsAfter"), result, browser);
    }

    [Fact]
    public async Task Baresip_CallsABrowser_TheBrowserReceivesItsAudio()
    {
        await using var browser = BrowserRunner.Start("answer", new { user = "grace", url = Edge.WsUrl, waitMs = 25000 });
        await browser.WaitReadyAsync();
        var config = Baresip.WriteConfig($"<sip:frank@127.0.0.1:{Edge.UdpPort};transport=udp>;auth_pass=secret;regint=600", FreePorts.NextUdpRange(2));

        // baresip dials at start and quits after 20 s; the browser waits up to 25 s for the call.
        await using (var baresip = TestProcess.Start("baresip", ["-4", "-f", config, "-t", "20", "-e", $"/dial sip:grace@127.0.0.1:{Edge.UdpPort}"], config))
        {
            var result = await browser.ResultAsync();
            await baresip.StopAsync(TimeSpan.FromSeconds(5));

            var calls = result.GetProperty("calls").EnumerateArray().ToList();
            Assert.True(calls.Count == 1, $"{calls.Count} calls reached the browser\n{Describe(result, browser)}\nbaresip:\n{baresip.Output.Tail(60)}\nedge:\n{Edge.Log[^Math.Min(Edge.Log.Length, 6000)..]}");
            var call = calls[0];
            Assert.Equal("frank", Text(call, "from"));
            Assert.Equal("SAVPF", Text(call, "offer"));
            AssertGrowing(call.GetProperty("packets"), result, browser, baresip.Output.Text);
        }

        Directory.Delete(config, recursive: true);
    }

    [Fact]
    public async Task Browser_CallsBaresip_TheBrowserReceivesItsAudio()
    {
        var config = Baresip.WriteConfig($"<sip:bob@127.0.0.1:{Edge.UdpPort};transport=udp>;auth_pass=secret;regint=600;answermode=auto", FreePorts.NextUdpRange(2));
        await using (var baresip = TestProcess.Start("baresip", ["-4", "-f", config, "-t", "25"], config))
        {
            await baresip.WaitForLineAsync(l => l.Contains("200 OK", StringComparison.Ordinal), TimeSpan.FromSeconds(20), cancellationToken: TestContext.Current.CancellationToken);
            await using var browser = BrowserRunner.Start("callcount", new { user = "alice", url = Edge.WsUrl, target = "sip:bob@127.0.0.1" });

            var result = await browser.ResultAsync();
            await baresip.StopAsync(TimeSpan.FromSeconds(5));

            Assert.True(Text(result, "state") == "confirmed", Describe(result, browser) + baresip.Output);
            AssertGrowing(result.GetProperty("packets"), result, browser, baresip.Output.Text);
        }

        Directory.Delete(config, recursive: true);
    }

    internal static string Folder => Path.Combine(Bridgehead.Testing.TestVectors.RepositoryRoot(), "tests", "Bridgehead.InteropTests", "Media");

    internal static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ToString() : $"(no {name} in {element})";

    internal static string Describe(JsonElement result, BrowserRunner browser) => $"{result}\n{browser.Output}";

    /// <summary>Two samples of packetsReceived, taken seconds apart: audio arrived, and kept arriving.</summary>
    internal static void AssertGrowing(JsonElement samples, JsonElement result, BrowserRunner browser, string more = "")
    {
        var first = samples[0].ValueKind == JsonValueKind.Number ? samples[0].GetInt32() : -1;
        var second = samples[1].ValueKind == JsonValueKind.Number ? samples[1].GetInt32() : -1;
        Assert.True(first > 0 && second > first, $"packets {first} -> {second}\n{Describe(result, browser)}\n{more}");
    }
}
