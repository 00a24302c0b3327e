using Bridgehead.InteropTests.Browser;
using static Bridgehead.InteropTests.Media.EdgeMediaInteropTests;

namespace Bridgehead.InteropTests.Media;

/// <summary>The edge driving a real rtpengine over ng UDP (Media:Mode external) carries a browser's call with media.</summary>
public sealed class RtpengineEdgeInteropTests(RtpengineEdgeFixture fixture) : IClassFixture<RtpengineEdgeFixture>
{
    // Open: rtpengine 10.5 sets up the call (ICE completes) but Chromium refuses the answer SDP it
    // writes for the browser ("Bad Media Description" in JsSIP); the flags or the SDP need a look.
    [Fact(Skip = "Chromium rejects the answer rtpengine 10.5 writes for it; see the comment above")]
    public async Task Browser_CallsASippEchoThroughRtpengine_ItsOwnAudioComesBack()
    {
        await using var browser = BrowserRunner.Start("callcount", new { user = "alice", url = fixture.Server.WsUrl, target = "sip:echo@127.0.0.1" });

        var result = await browser.ResultAsync();

        Assert.True(Text(result, "state") == "confirmed", Describe(result, browser) + fixture.Server.Log + fixture.Rtpengine.Log);
        AssertGrowing(result.GetProperty("packets"), result, browser, fixture.Rtpengine.Log);
        Assert.DoesNotContain("Media relay started", fixture.Server.Log, StringComparison.Ordinal);
        Assert.Contains("towards a Plain leg", fixture.Server.Log, StringComparison.Ordinal);
    }
}
