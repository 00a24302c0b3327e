using System.Text;
using Bridgehead.Routing.Media;

namespace Bridgehead.Tests.Routing.Media;

public sealed class SdpBundleTests
{
    // Chromium's audio offer (bundlePolicy max-bundle), cut to the lines that matter here.
    private const string BrowserOffer =
        "v=0\r\no=- 45744151195634710 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\na=msid-semantic: WMS\r\n"
        + "m=audio 55401 UDP/TLS/RTP/SAVPF 111 0\r\nc=IN IP4 127.0.0.1\r\na=mid:0\r\na=rtcp-mux\r\na=setup:actpass\r\n";

    // What rtpengine 10.5 answers to it (flags DefaultWebRtcAnswerFlags), as Chromium refused it.
    private const string RtpengineAnswer =
        "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio 41859 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\na=rtcp:41859\r\na=rtcp-mux\r\na=setup:passive\r\n";

    private static string? Answer(string sdp, string offer = BrowserOffer) =>
        SdpBundle.AddToAnswer(Encoding.ASCII.GetBytes(sdp), Encoding.ASCII.GetBytes(offer)) is { } bytes ? Encoding.ASCII.GetString(bytes) : null;

    private static string? Offer(string sdp) =>
        SdpBundle.AddToOffer(Encoding.ASCII.GetBytes(sdp)) is { } bytes ? Encoding.ASCII.GetString(bytes) : null;

    [Fact]
    public void AddToAnswer_RtpengineAnswerToABundledOffer_GetsTheGroupBeforeItsMediaLine()
    {
        Assert.Equal(RtpengineAnswer.Replace("t=0 0\r\nm=", "t=0 0\r\na=group:BUNDLE 0\r\nm=", StringComparison.Ordinal), Answer(RtpengineAnswer));
    }

    [Fact]
    public void AddToAnswer_OfferWithoutBundle_ReturnsNull() =>
        Assert.Null(Answer(RtpengineAnswer, BrowserOffer.Replace("a=group:BUNDLE 0\r\n", string.Empty, StringComparison.Ordinal)));

    [Fact]
    public void AddToAnswer_OfferBundlingOtherMids_ReturnsNull() =>
        Assert.Null(Answer(RtpengineAnswer, BrowserOffer.Replace("a=group:BUNDLE 0", "a=group:BUNDLE audio", StringComparison.Ordinal)));

    [Fact]
    public void AddToAnswer_SecondMidOfTheOfferedGroup_IsFound() =>
        Assert.Contains("a=group:BUNDLE 1\r\nm=", Answer(RtpengineAnswer.Replace("a=mid:0", "a=mid:1", StringComparison.Ordinal),
            BrowserOffer.Replace("a=group:BUNDLE 0", "a=group:BUNDLE 0 1", StringComparison.Ordinal)), StringComparison.Ordinal);

    [Theory]
    [InlineData("a=group:BUNDLE 0\r\nm=audio 41859 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n")]
    [InlineData("m=audio 41859 UDP/TLS/RTP/SAVPF 0\r\na=rtcp-mux\r\n")]
    [InlineData("m=audio 0 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n")]
    [InlineData("m=audio 41859 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\nm=video 41860 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\n")]
    [InlineData("a=mid:0\r\n")]
    public void AddToOffer_GroupPresentNoMidRejectedSeveralOrNoSections_ReturnsNull(string media) =>
        Assert.Null(Offer("v=0\r\ns=-\r\nt=0 0\r\n" + media));

    [Fact]
    public void AddToOffer_RtpengineOfferTowardsABrowser_GetsTheGroup()
    {
        Assert.Equal("v=0\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=audio 4000 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n", Offer("v=0\r\nt=0 0\r\nm=audio 4000 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n"));
    }

    [Fact]
    public void AddToOffer_BareLineFeeds_AreKept()
    {
        Assert.Equal("v=0\na=group:BUNDLE audio\nm=audio 4000 RTP/SAVPF 0\na=mid:audio\n", Offer("v=0\nm=audio 4000 RTP/SAVPF 0\na=mid:audio\n"));
    }
}
