using System.Net;
using System.Text;
using System.Text.Json;
using Bridgehead.Ng;
using Bridgehead.Relay;
using Bridgehead.Sdp;
using Bridgehead.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridgehead.InteropTests.Relay;

/// <summary>
/// A real browser through the relay: headless Debian Chromium's RTCPeerConnection (ICE, DTLS-SRTP,
/// rtcp-mux, BUNDLE) on one leg, a plain RTP/AVP PCMU peer on the other, with the flag strings
/// Kamailio/OpenSIPS send (ng-protocol §5). No SIP: the SDP goes straight through the relay's ng
/// offer and answer. Both DTLS roles are exercised, and media must flow both ways.
/// </summary>
public sealed class ChromiumRelayInteropTests : IDisposable
{
    private const string ToSip = "replace-origin replace-session-connection trust-address rtcp-mux-demux DTLS=off SDES-off ICE=remove RTP/AVP";
    private const string ToBrowser = "replace-origin replace-session-connection trust-address rtcp-mux-offer rtcp-mux-require generate-mid DTLS=passive SDES-off ICE=force UDP/TLS/RTP/SAVPF";

    private readonly ScopedMeterFactory _meters = new();
    private readonly MediaRelay _relay;

    public ChromiumRelayInteropTests()
    {
        var portMin = 20000 + (Random.Shared.Next(0, 300) * 100);
        var options = new RelayOptions { PortMin = portMin, PortMax = portMin + 99 };
        options.Interfaces.Add(new RelayInterfaceOptions { Name = "lo", Address = "127.0.0.1" });
        _relay = new MediaRelay(Microsoft.Extensions.Options.Options.Create(options), new RelayMetrics(_meters), NullLogger<MediaRelay>.Instance, TimeProvider.System);
        _relay.Start();
    }

    public void Dispose()
    {
        _relay.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public async Task ChromiumOffers_RelayAnswersActive_DtlsClientAndMediaBothWays()
    {
        await using var plain = new PacedRtpPeer();
        await using var chromium = ChromiumPeer.Start("offer");
        var callId = $"{Guid.NewGuid():N}@chromium";

        // WebRTC -> SIP: Chromium's offer becomes plain RTP/AVP for the switch.
        var offer = (await chromium.ReceiveAsync("offer", TimeSpan.FromSeconds(30))).GetString()!;
        var toSwitch = Sdp(_relay.Offer(NgFlagString.Apply(new NgOfferCommand(callId, "browser", Encoding.UTF8.GetBytes(offer)), ToSip)));
        Assert.Equal(SdpProtocol.RtpAvp, toSwitch.Media[0].Protocol);
        Assert.Contains("0", toSwitch.Media[0].Formats);

        // The switch answers PCMU; towards Chromium the relay takes the DTLS client role (DTLS=active).
        var answer = Sdp(_relay.Answer(NgFlagString.Apply(new NgAnswerCommand(callId, "browser", "switch", PlainSdp(plain.Port, "0")),
            "replace-origin replace-session-connection trust-address ICE=force RTP/SAVPF rtcp-mux-require DTLS=active SDES-off")));
        Assert.Equal(SdpSetupRole.Active, answer.Media[0].Setup);
        plain.Start(Endpoint(toSwitch));
        await chromium.SendAsync("answer", SdpWriter.ToText(answer));

        await AssertMediaFlowsAsync(chromium, plain, callId);
    }

    [Fact]
    public async Task RelayOffersToChromium_ChromiumAnswersActive_DtlsServerAndMediaBothWays()
    {
        await using var plain = new PacedRtpPeer();
        await using var chromium = ChromiumPeer.Start("answer");
        var callId = $"{Guid.NewGuid():N}@chromium";

        // SIP -> WebRTC: the switch's plain offer becomes a browser offer (actpass, ICE-lite, mux, mid).
        var toBrowser = Sdp(_relay.Offer(NgFlagString.Apply(new NgOfferCommand(callId, "switch", PlainSdp(plain.Port, "0 8 101")), ToBrowser)));
        await chromium.SendAsync("offer", SdpWriter.ToText(toBrowser));
        var answer = (await chromium.ReceiveAsync("answer", TimeSpan.FromSeconds(30))).GetString()!;
        Assert.Contains("a=setup:active", answer, StringComparison.Ordinal);

        var toSwitch = Sdp(_relay.Answer(NgFlagString.Apply(new NgAnswerCommand(callId, "switch", "browser", Encoding.UTF8.GetBytes(answer)), ToSip)));
        Assert.Equal(SdpProtocol.RtpAvp, toSwitch.Media[0].Protocol);
        plain.Start(Endpoint(toSwitch));

        await AssertMediaFlowsAsync(chromium, plain, callId);
    }

    private async Task AssertMediaFlowsAsync(ChromiumPeer chromium, PacedRtpPeer plain, string callId)
    {
        var result = await chromium.ReceiveAsync("result", TimeSpan.FromSeconds(40));
        var first = result.GetProperty("first");
        var second = result.GetProperty("second");
        var diagnostics = $"\n{result}\nplain sent {plain.Sent} received {plain.Received}\nChromium log:\n{chromium.Log}";

        Assert.True(first.GetProperty("connectionState").GetString() == "connected", $"not connected{diagnostics}");
        Assert.Equal("connected", second.GetProperty("dtlsState").GetString());
        Assert.Equal("SRTP_AES128_CM_HMAC_SHA1_80", second.GetProperty("srtpCipher").GetString());

        // Relay -> Chromium: the plain peer's RTP arrives as SRTP that Chromium authenticates, and
        // keeps coming (50 packets/s; the samples are 2 s apart, the first right at "connected").
        var before = Packets(first, "packetsReceived");
        var after = Packets(second, "packetsReceived");
        Assert.True(after - before >= 50, $"packetsReceived {before} -> {after}{diagnostics}");

        // Chromium -> relay -> plain peer: Chromium's SRTP decrypted to plain PCMU.
        Assert.True(plain.Received >= 50, $"plain peer received {plain.Received}{diagnostics}");
        Assert.Equal([(byte)0], plain.PayloadTypes);

        var query = Assert.IsType<NgQueryReply>(_relay.Query(new NgQueryCommand(callId)));
        Assert.All(query.Call.Tags, t => Assert.True(t.Medias[0].Streams[0].Stats.Packets > 0, $"no packets from {t.Tag}{diagnostics}"));
        Assert.Equal(0, _relay.Totals().Drops[(int)Bridgehead.Relay.Forwarding.DropReason.AuthenticationFailed]);
    }

    private static long Packets(JsonElement stats, string name) => stats.TryGetProperty(name, out var value) ? value.GetInt64() : 0;

    private static SdpSession Sdp(NgReply reply)
    {
        var sdp = Assert.IsType<NgSdpReply>(reply);
        Assert.True(SdpParser.TryParse(sdp.Sdp.Span, out var session, out var failure), failure.ToString());
        return session;
    }

    private static IPEndPoint Endpoint(SdpSession sdp)
    {
        Assert.True(sdp.GetEffectiveConnection(sdp.Media[0])!.TryGetIPAddress(out var address));
        return new IPEndPoint(address, sdp.Media[0].Port);
    }

    private static byte[] PlainSdp(int port, string formats) => Encoding.ASCII.GetBytes(
        "v=0\r\no=switch 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        $"m=audio {port} RTP/AVP {formats}\r\na=rtpmap:0 PCMU/8000\r\n" +
        (formats.Contains("101", StringComparison.Ordinal) ? "a=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n" : string.Empty) +
        "a=ptime:20\r\na=sendrecv\r\n");
}
