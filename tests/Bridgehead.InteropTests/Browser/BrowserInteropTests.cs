using System.Globalization;
using System.Text.Json;
using Bridgehead.Testing.EndToEnd;

namespace Bridgehead.InteropTests.Browser;

/// <summary>Starts one Bridgehead (UDP, WS, WSS on ephemeral loopback ports, digest auth on) for the browser tests.</summary>
public sealed class BridgeheadFixture : IAsyncLifetime
{
    internal BridgeheadServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await BridgeheadServer.StartAsync("alice", "bob", "carol", "dave", "erin", "frank");

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Real browsers: JsSIP 3.13.8 in headless Debian Chromium, through a running Bridgehead. Media
/// between two browsers is their own DTLS-SRTP over 127.0.0.1; the edge carries the signalling.
/// </summary>
public sealed class BrowserInteropTests(BridgeheadFixture fixture) : IClassFixture<BridgeheadFixture>
{
    private BridgeheadServer Edge => fixture.Server;

    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task JsSip_RegistersOverWebSocket_AndUnregisters(string scheme)
    {
        await using var browser = BrowserRunner.Start("register", new { user = "alice", url = scheme == "ws" ? Edge.WsUrl : Edge.WssUrl });

        var result = await browser.ResultAsync();

        Assert.True(result.GetProperty("registered").GetBoolean(), Describe(result, browser));
        Assert.True(result.GetProperty("unregistered").GetBoolean(), Describe(result, browser));
    }

    [Fact]
    public async Task JsSip_CallsAnotherBrowserThroughTheEdge_AudioFlowsBothWaysAndTheCalleesByeEndsIt()
    {
        await using var browser = BrowserRunner.Start("call", new { caller = "carol", callerUrl = Edge.WsUrl, callee = "dave", calleeUrl = Edge.WssUrl, hangupBy = "callee" });

        var result = await browser.ResultAsync();

        Assert.Equal("confirmed", Text(result, "state"));
        Assert.Equal("carol", Text(result, "calleeFrom"));
        var caller = result.GetProperty("callerPackets");
        var callee = result.GetProperty("calleePackets");
        Assert.True(caller[1].GetInt32() > caller[0].GetInt32(), Describe(result, browser));
        Assert.True(callee[1].GetInt32() > callee[0].GetInt32(), Describe(result, browser));
        Assert.StartsWith("connected/", Text(result, "dtls"), StringComparison.Ordinal);

        // The BYE went from the callee over the edge to the caller (whose Contact was .invalid;transport=ws;ob).
        Assert.Equal("ended:remote:Terminated", Text(result, "callerEnded"));
        Assert.Equal("ended:local:Terminated", Text(result, "calleeEnded"));
    }

    [Fact]
    public async Task Sipp_InviteWithABrowserStyleOffer_ReachesJsSipWhichAnswers()
    {
        await using var browser = BrowserRunner.Start("answer", new { user = "erin", url = Edge.WsUrl, waitMs = 20000 });
        await browser.WaitReadyAsync();

        var (code, output) = await TestProcess.RunAsync("sipp",
            ["-sf", "sipp-uac-webrtc.xml", $"127.0.0.1:{Edge.UdpPort}", "-s", "erin", "-i", "127.0.0.1", "-p", FreePorts.Next().ToString(CultureInfo.InvariantCulture),
             "-mp", FreePorts.NextUdpRange(4).ToString(CultureInfo.InvariantCulture), "-m", "1", "-nostdin", "-timeout", "30s", "-timeout_error", "-recv_timeout", "10000"],
            BrowserRunner.Folder, TimeSpan.FromSeconds(60));
        var result = await browser.ResultAsync();

        Assert.True(code == 0, $"sipp exited {code}:\n{output}\n{Describe(result, browser)}");
        var call = Assert.Single(result.GetProperty("calls").EnumerateArray());
        Assert.Equal("switch", Text(call, "from"));
        Assert.Equal("SAVPF", Text(call, "offer"));
        Assert.Equal("accepted+ended:remote:Terminated", Text(call, "outcome"));
    }

    [Fact]
    public async Task PageClose_UnregistersAndTheBindingIsGone()
    {
        await using var browser = BrowserRunner.Start("pageclose", new { user = "frank", url = Edge.WsUrl });
        await browser.WaitReadyAsync();
        Assert.Equal(200, await SipProbe.OptionsAsync(Edge.UdpEndPoint, "frank"));

        await browser.SayAsync("close");
        var result = await browser.ResultAsync();

        Assert.True(result.GetProperty("closed").GetBoolean(), Describe(result, browser));
        Assert.Equal(480, await SipProbe.OptionsAsync(Edge.UdpEndPoint, "frank"));
    }

    [Fact]
    public async Task Baresip_RegistersOverUdpAndCallsABrowserUser_TheInviteReachesJsSip()
    {
        await using var browser = BrowserRunner.Start("answer", new { user = "bob", url = Edge.WsUrl, waitMs = 20000 });
        await browser.WaitReadyAsync();
        var config = Baresip.WriteConfig($"<sip:alice@127.0.0.1:{Edge.UdpPort};transport=udp>;auth_pass=secret;regint=600", FreePorts.NextUdpRange(2));

        await using (var baresip = TestProcess.Start("baresip", ["-4", "-f", config, "-t", "12", "-e", $"/dial sip:bob@127.0.0.1:{Edge.UdpPort}"], config))
        {
            await baresip.WaitForLineAsync(l => l.Contains("200 OK", StringComparison.Ordinal) && l.Contains("alice", StringComparison.Ordinal), TimeSpan.FromSeconds(20), cancellationToken: TestContext.Current.CancellationToken);
            var result = await browser.ResultAsync();
            await baresip.StopAsync(TimeSpan.FromSeconds(5));

            // baresip offers RTP/AVP; the relay turns it into WebRTC for the browser (Media/ proves the media).
            var call = Assert.Single(result.GetProperty("calls").EnumerateArray());
            Assert.Equal("alice", Text(call, "from"));
            Assert.Equal("SAVPF", Text(call, "offer"));
            Assert.False(string.IsNullOrEmpty(Text(call, "outcome")), Describe(result, browser) + baresip.Output);
        }

        Directory.Delete(config, recursive: true);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ToString() : $"(no {name} in {element})";

    private static string Describe(JsonElement result, BrowserRunner browser) => $"{result}\n{browser.Output}";
}
