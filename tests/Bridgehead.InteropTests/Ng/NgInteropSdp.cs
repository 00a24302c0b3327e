using System.Text;
using Bridgehead.Sdp;

namespace Bridgehead.InteropTests.Ng;

/// <summary>The SDP bodies the interop tests send, and reading back what rtpengine wrote.</summary>
internal static class NgInteropSdp
{
    /// <summary>
    /// A switch or softphone offer (RTP/AVP, G.711, DTMF, separate RTCP) from 127.0.0.2, an
    /// address that is not rtpengine's, so the rewrite is visible.
    /// </summary>
    public static byte[] SoftphoneOffer(int port) => Crlf(
        "v=0",
        "o=FreeSWITCH 1700000000 1700000001 IN IP4 127.0.0.2",
        "s=FreeSWITCH",
        "c=IN IP4 127.0.0.2",
        "t=0 0",
        $"m=audio {port} RTP/AVP 0 8 101",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-16",
        "a=ptime:20",
        "a=sendrecv");

    public static byte[] SoftphoneAnswer(int port) => Crlf(
        "v=0",
        "o=baresip 3431780496 2004760999 IN IP4 127.0.0.3",
        "s=-",
        "c=IN IP4 127.0.0.3",
        "t=0 0",
        $"m=audio {port} RTP/AVP 0 101",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-16",
        "a=ptime:20",
        "a=sendrecv");

    /// <summary>What Chromium answers to a WebRTC offer of PCMU (modelled on Sdp/Samples/chrome-answer.sdp).</summary>
    public static byte[] BrowserAnswer(int port) => Crlf(
        "v=0",
        "o=- 5970747202960212442 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 1",
        "a=msid-semantic: WMS",
        $"m=audio {port} UDP/TLS/RTP/SAVPF 0 101",
        "c=IN IP4 127.0.0.4",
        "a=rtcp:9 IN IP4 0.0.0.0",
        $"a=candidate:3269154814 1 udp 2122260223 127.0.0.4 {port} typ host generation 0 network-id 1",
        "a=ice-ufrag:fL+7",
        "a=ice-pwd:q35fK7N6hPVeP+BAycDkYXNy",
        "a=ice-options:trickle",
        "a=fingerprint:sha-256 1E:63:8E:AE:9E:8C:64:40:18:20:FB:6A:E7:48:D8:8A:81:B1:3D:45:B0:80:AB:08:8D:E6:3F:EF:2A:A5:5A:B8",
        "a=setup:active",
        "a=mid:1",
        "a=sendrecv",
        "a=rtcp-mux",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:101 telephone-event/8000");

    /// <summary>A real Chromium offer (tests/Bridgehead.Tests/Sdp/Samples/chrome-offer.sdp).</summary>
    public static byte[] ChromeOffer() =>
        File.ReadAllBytes(Path.Combine(RepositoryRoot(), "tests", "Bridgehead.Tests", "Sdp", "Samples", "chrome-offer.sdp"));

    public static SdpSession Parse(ReadOnlyMemory<byte> sdp)
    {
        Assert.True(SdpParser.TryParse(sdp.Span, out var session, out var failure), $"rtpengine's SDP does not parse: {failure}\n{Encoding.UTF8.GetString(sdp.Span)}");
        return session;
    }

    private static byte[] Crlf(params string[] lines) => Encoding.ASCII.GetBytes(string.Join("\r\n", lines) + "\r\n");

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bridgehead.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Bridgehead.slnx not found above the test binaries");
    }
}
