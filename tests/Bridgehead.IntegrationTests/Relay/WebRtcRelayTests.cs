using Bridgehead.Dtls;
using Bridgehead.Ng;
using Bridgehead.Sdp;

namespace Bridgehead.IntegrationTests.Relay;

/// <summary>
/// A browser leg (ICE-lite, DTLS-SRTP, rtcp-mux, BUNDLE) against a plain RTP/AVP leg through a
/// real relay, with the flag strings of ng-protocol §5, in both DTLS roles.
/// </summary>
public sealed class WebRtcRelayTests : IDisposable
{
    private const string ToSipFlags = "replace-origin replace-session-connection trust-address rtcp-mux-demux DTLS=off SDES-off ICE=remove RTP/AVP";
    private const string ToBrowserFlags = "replace-origin replace-session-connection trust-address rtcp-mux-offer rtcp-mux-require generate-mid DTLS=passive SDES-off ICE=force UDP/TLS/RTP/SAVPF";

    private readonly RelayHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task BrowserOffers_RelayIsDtlsServer_SrtpToRtpBothWays()
    {
        await using var browser = new FakeBrowser();
        using var phone = new MediaPeer();
        var callId = RelayHarness.NewCallId();

        // WebRTC -> SIP (5.1, 5.2): the browser's offer goes on as plain RTP/AVP.
        var toPhone = RelayHarness.Parse(_harness.Offer(NgFlagString.Apply(new NgOfferCommand(callId, "browser", browser.Sdp("actpass")), ToSipFlags)));
        var phoneMedia = Assert.Single(toPhone.Media);
        Assert.Equal(SdpProtocol.RtpAvp, phoneMedia.Protocol);
        Assert.Empty(phoneMedia.Candidates);
        Assert.Empty(phoneMedia.Fingerprints);
        Assert.False(phoneMedia.RtcpMux);
        Assert.Null(toPhone.BundleGroup);

        var toBrowser = RelayHarness.Parse(_harness.Answer(NgFlagString.Apply(
            new NgAnswerCommand(callId, "browser", "phone", RelaySdp.Plain(phone.Port)), ToBrowserFlags)));
        var browserMedia = Assert.Single(toBrowser.Media);
        Assert.Equal(SdpProtocol.UdpTlsRtpSavpf, browserMedia.Protocol);
        Assert.True(toBrowser.IceLite);
        Assert.True(browserMedia.RtcpMux);
        Assert.Equal(SdpSetupRole.Passive, browserMedia.Setup);
        Assert.Equal("0", browserMedia.Mid);
        Assert.Equal(["0"], toBrowser.BundleGroup!.MediaIds);

        // ICE: an integrity-checked answer to the browser's check, then DTLS with the browser as client.
        Assert.False(await browser.CheckAsync(toBrowser, nominate: false, password: "not-the-relay-password-xx"));
        Assert.True(await browser.CheckAsync(toBrowser, nominate: true));
        var handshake = await browser.HandshakeAsync(toBrowser, DtlsRole.Client);
        Assert.True(handshake.Succeeded, handshake.ToString());

        await ExchangeMediaAsync(browser, phone, toPhone);
    }

    [Fact]
    public async Task RelayOffersToBrowser_BrowserAnswersPassive_RelayIsDtlsClient()
    {
        await using var browser = new FakeBrowser();
        using var phone = new MediaPeer();
        var callId = RelayHarness.NewCallId();

        // SIP -> WebRTC (5.3, 5.4): the switch's plain offer becomes a browser offer.
        var toBrowser = RelayHarness.Parse(_harness.Offer(NgFlagString.Apply(new NgOfferCommand(callId, "switch", RelaySdp.Plain(phone.Port)), ToBrowserFlags)));
        var offered = Assert.Single(toBrowser.Media);
        Assert.Equal(SdpProtocol.UdpTlsRtpSavpf, offered.Protocol);
        Assert.Equal(SdpSetupRole.ActPass, offered.Setup);
        Assert.Equal(offered.Port, offered.Rtcp!.Port);
        Assert.Equal(["0", "8", "101"], offered.Formats);

        // The browser takes the server role: the relay must start the handshake after ICE.
        var toPhone = RelayHarness.Parse(_harness.Answer(NgFlagString.Apply(
            new NgAnswerCommand(callId, "switch", "browser", browser.Sdp("passive")), ToSipFlags)));
        Assert.Equal(SdpProtocol.RtpAvp, toPhone.Media[0].Protocol);
        Assert.Null(toPhone.BundleGroup);

        var handshake = browser.HandshakeAsync(toBrowser, DtlsRole.Server);
        Assert.True(await browser.CheckAsync(toBrowser, nominate: true));
        var result = await handshake;
        Assert.True(result.Succeeded, result.ToString());

        await ExchangeMediaAsync(browser, phone, toPhone);
    }

    private async Task ExchangeMediaAsync(FakeBrowser browser, MediaPeer phone, SdpSession toPhone)
    {
        var relayToPhone = RelayHarness.MediaEndPoint(toPhone);

        // The side that completes the handshake last may still be installing its keys when the
        // other sends its first SRTP; a browser just keeps sending, so the test does too (bounded).
        ushort first = 1;
        for (; first < 50 && phone.Receive(1) is null; first++)
        {
            browser.SendSrtp(MediaPeer.RtpPacket(0xB0B0, first, fill: 0x11), 172);
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(first < 50, "no SRTP packet from the browser was relayed within a second");
        phone.Drain(200);

        // Browser -> phone: SRTP in, plain RTP out, payload intact.
        for (ushort seq = 100; seq < 110; seq++)
        {
            browser.SendSrtp(MediaPeer.RtpPacket(0xB0B0, seq, fill: 0x11), 172);
        }

        var atPhone = phone.Drain(500);
        Assert.Equal(10, atPhone.Count);
        Assert.All(atPhone, p => Assert.Equal(172, p.Data.Length));
        Assert.All(atPhone, p => Assert.Equal(0x11, p.Data[100]));

        // Phone -> browser: plain in, SRTP out that the browser authenticates.
        for (ushort seq = 500; seq < 510; seq++)
        {
            phone.Send(MediaPeer.RtpPacket(0xF0F0, seq, fill: 0x22).AsSpan(0, 172), relayToPhone);
        }

        for (var i = 0; i < 10; i++)
        {
            var plain = await browser.ReceiveSrtpAsync();
            Assert.NotNull(plain);
            Assert.Equal(172, plain.Length);
            Assert.Equal(0x22, plain[100]);
        }

        var stats = _harness.Relay.Totals();
        Assert.True(stats.RtpPackets >= 20, $"relayed {stats.RtpPackets}");
    }
}
