using Bridgehead.Sdp;
using Bridgehead.Tests.Architecture;

namespace Bridgehead.Tests.Sdp;

/// <summary>Real SDP bodies kept in Sdp/Samples (see the README there).</summary>
internal static class SdpSamples
{
    public static readonly string[] All =
    [
        "chrome-offer.sdp",
        "chrome-answer.sdp",
        "jssip-offer.sdp",
        "jssip-answer.sdp",
        "baresip-offer.sdp",
        "sipp-answer.sdp",
        "rtpengine-webrtc-offer.sdp",
        "rtpengine-avp-answer.sdp",
    ];

    public static byte[] Read(string name) =>
        File.ReadAllBytes(Path.Combine(LayeringTests.RepositoryRoot(), "tests", "Bridgehead.Tests", "Sdp", "Samples", name));

    public static SdpSession Parse(string name)
    {
        Assert.True(SdpParser.TryParse(Read(name), out var session, out var failure), $"{name}: {failure}");
        return session;
    }

    public static SdpSession ParseText(string text)
    {
        Assert.True(SdpParser.TryParse(text, out var session, out var failure), failure.ToString());
        return session;
    }
}
