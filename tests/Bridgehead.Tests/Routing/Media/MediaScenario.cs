using System.Text;
using Bridgehead.Ng;
using Bridgehead.Sip;
using Bridgehead.Testing.Ng;
using Bridgehead.Testing.Sip;

namespace Bridgehead.Tests.Routing.Media;

/// <summary>The parties of the media tests: a browser over WebSocket, softphones over UDP, and the SDP each writes.</summary>
internal static class MediaScenario
{
    /// <summary>Alice's browser: JsSIP over WebSocket.</summary>
    public const string Browser = "198.51.100.30:40000";

    public const long BrowserConnection = 7;

    /// <summary>Carol's browser, registered over WebSocket as sip:carol@…;transport=ws.</summary>
    public const string CarolBrowser = "198.51.100.31:40001";

    public const long CarolConnection = 8;

    /// <summary>What Chromium offers (trimmed): UDP/TLS/RTP/SAVPF, ICE, DTLS, rtcp-mux, BUNDLE.</summary>
    public const string BrowserSdp =
        "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
        + "a=ice-ufrag:Tq3v\r\na=ice-pwd:G7gJ0yW4bE8b1sKD0cyZ6h7G\r\n"
        + "a=fingerprint:sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n"
        + "a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\n";

    /// <summary>What a softphone or FreeSWITCH offers: RTP/AVP, G.711, RTCP on the next port.</summary>
    public const string PhoneSdp =
        "v=0\r\no=- 1 1 IN IP4 198.51.100.20\r\ns=-\r\nc=IN IP4 198.51.100.20\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

    public static SipDestination BrowserSource(this TestSipEdge edge) => edge.Source(SipTransportKind.Ws, Browser, BrowserConnection);

    public static SipDestination CarolSource(this TestSipEdge edge) => edge.Source(SipTransportKind.Ws, CarolBrowser, CarolConnection);

    /// <summary>An INVITE from alice's browser over WebSocket.</summary>
    public static SipMessageBuilder BrowserInvite(string to = "sip:bob@example.com", string? sdp = BrowserSdp)
    {
        var invite = SipMessageBuilder.Request("INVITE", to, sentBy: Browser, transport: "WS");
        return sdp is null ? invite : invite.WithBody("application/sdp", sdp);
    }

    /// <summary>An INVITE from alice's softphone over UDP.</summary>
    public static SipMessageBuilder PhoneInvite(string to = "sip:bob@example.com", string? sdp = PhoneSdp)
    {
        var invite = SipMessageBuilder.Request("INVITE", to, sentBy: EdgeScenario.Alice);
        return sdp is null ? invite : invite.WithBody("application/sdp", sdp);
    }

    public static void RegisterCarolBrowser(this TestSipEdge edge)
    {
        edge.Register("carol", $"<sip:carol@{CarolBrowser};transport=ws>", edge.CarolSource());
        edge.Sender.Clear();
    }

    public static string BodyText(this SipMessage message) => Encoding.UTF8.GetString(message.Body);

    /// <summary>The offer and answer commands the relay saw, in order.</summary>
    public static IReadOnlyList<NgSdpCommand> SdpCommands(this FakeNgClient ng) => ng.CommandsOf<NgSdpCommand>();

    public static string Tag(ReadOnlyMemory<byte> tag) => Encoding.UTF8.GetString(tag.Span);

    /// <summary>The Content-Length header agrees with the body it describes.</summary>
    public static void AssertContentLengthMatches(SipMessage message) => Assert.Equal(message.BodyLength, message.ContentLength);
}
