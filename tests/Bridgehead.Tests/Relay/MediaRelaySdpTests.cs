using Bridgehead.Ng;
using Bridgehead.Sdp;
using Bridgehead.Tests.Sdp;

namespace Bridgehead.Tests.Relay;

/// <summary>
/// SDP rewriting for each pair of leg profiles, with real bodies (Sdp/Samples) and the flag
/// strings of ng-protocol §5. The relay's address here is the interface's advertised 192.0.2.10.
/// </summary>
public sealed class MediaRelaySdpTests : IDisposable
{
    private const string ToSip = "replace-origin replace-session-connection trust-address rtcp-mux-demux DTLS=off SDES-off ICE=remove RTP/AVP";
    private const string ToBrowser = "replace-origin replace-session-connection trust-address rtcp-mux-offer generate-mid DTLS-fingerprint=sha-256 DTLS=passive SDES-off ICE=force UDP/TLS/RTP/SAVPF";
    private const string BrowserAnswer = "replace-origin replace-session-connection trust-address ICE=force RTP/SAVPF rtcp-mux-require DTLS=passive SDES-off";

    private readonly RelayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static NgOfferCommand Offer(string sample, string flags, string fromTag = "a") =>
        NgFlagString.Apply(new NgOfferCommand("call-1", fromTag, SdpSamples.Read(sample)), flags);

    private static NgAnswerCommand Answer(string sample, string flags) =>
        NgFlagString.Apply(new NgAnswerCommand("call-1", "a", "b", SdpSamples.Read(sample)), flags);

    [Fact]
    public void ChromeOffer_ToSip_PlainAvpWithTheRelaysAddressAndNothingOfWebRtc()
    {
        var sdp = _host.Offer(Offer("chrome-offer.sdp", ToSip));
        var media = Assert.Single(sdp.Media);

        Assert.Equal(SdpProtocol.RtpAvp, media.Protocol);
        Assert.Equal("192.0.2.10", sdp.GetEffectiveConnection(media)!.Address);
        Assert.Equal("192.0.2.10", sdp.Origin.Address);
        Assert.InRange(media.Port, RelayTestHost.PortMin, RelayTestHost.PortMin + 99);
        Assert.Equal(media.Port + 1, media.Rtcp!.Port);
        Assert.False(media.RtcpMux);
        Assert.Empty(media.Candidates);
        Assert.Null(media.IceUfrag);
        Assert.Empty(media.Fingerprints);
        Assert.Null(media.Setup);
        Assert.Empty(media.Extmaps);
        Assert.DoesNotContain(media.Attributes, a => a.Name is "rtcp-fb" or "mid");
        Assert.Null(sdp.BundleGroup);
        Assert.False(sdp.IceLite);
        Assert.DoesNotContain(sdp.Attributes, a => a.Name == "extmap-allow-mixed");

        // Codecs and telephone-event carry across untouched.
        Assert.Equal(["111", "63", "9", "0", "8", "13", "110", "126"], media.Formats);
        Assert.Equal(["opus", "red", "G722", "PCMU", "PCMA", "CN", "telephone-event", "telephone-event"], media.Codecs.Select(c => c.Name));
        Assert.Equal(SdpDirection.SendRecv, media.Direction);
    }

    [Fact]
    public void SwitchAnswer_ToChrome_IceLiteDtlsMuxMidAndBundle()
    {
        _host.Offer(Offer("chrome-offer.sdp", ToSip));
        var sdp = _host.Answer(Answer("sipp-answer.sdp", BrowserAnswer));
        var media = Assert.Single(sdp.Media);

        // The answer keeps the offerer's profile (RFC 3264 §6), whatever the flags say.
        Assert.Equal(SdpProtocol.UdpTlsRtpSavpf, media.Protocol);
        Assert.Equal(["0"], media.Formats);
        Assert.True(sdp.IceLite);
        Assert.Equal(8, media.IceUfrag!.Length);
        Assert.True(media.IcePwd!.Length >= 22);
        var candidate = Assert.Single(media.Candidates);
        Assert.Equal((1, "udp", "192.0.2.10", media.Port, SdpCandidate.Host), (candidate.Component, candidate.Transport, candidate.Address, candidate.Port, candidate.Type));
        Assert.True(media.EndOfCandidates);
        var fingerprint = Assert.Single(media.Fingerprints);
        Assert.Equal("sha-256", fingerprint.HashFunction);
        Assert.Equal(32, fingerprint.GetDigest().Length);
        Assert.Equal(SdpSetupRole.Passive, media.Setup);
        Assert.True(media.RtcpMux);
        Assert.Equal("0", media.Mid);
        Assert.Equal(["0"], sdp.BundleGroup!.MediaIds);
        Assert.Equal("192.0.2.10", sdp.GetEffectiveConnection(media)!.Address);
    }

    [Fact]
    public void BaresipOffer_ToBrowser_ActpassMuxWithFallbackAndGeneratedMid()
    {
        var sdp = _host.Offer(Offer("baresip-offer.sdp", ToBrowser));
        var media = Assert.Single(sdp.Media);

        Assert.Equal(SdpProtocol.UdpTlsRtpSavpf, media.Protocol);
        Assert.Equal(["0", "8", "96", "101"], media.Formats);
        Assert.Equal(SdpSetupRole.ActPass, media.Setup);
        Assert.Single(media.Fingerprints);
        Assert.True(media.RtcpMux);

        // rtcp-mux-offer without require: a separate RTCP port and its candidate as fallback.
        Assert.Equal(media.Port + 1, media.Rtcp!.Port);
        Assert.Equal([1, 2], media.Candidates.Select(c => c.Component));
        Assert.Equal("0", media.Mid);
        Assert.Equal(["0"], sdp.BundleGroup!.MediaIds);
        Assert.True(sdp.IceLite);
        Assert.Empty(media.Cryptos);

        // Every address in it is the relay's.
        Assert.Equal("192.0.2.10", sdp.Connection!.Address);
        Assert.Equal("192.0.2.10", sdp.Origin.Address);
        Assert.All(media.Candidates, c => Assert.Equal("192.0.2.10", c.Address));
    }

    [Fact]
    public void BaresipOffer_RtcpMuxRequire_NoSeparateRtcpPort()
    {
        var sdp = _host.Offer(Offer("baresip-offer.sdp", ToBrowser + " rtcp-mux-require"));
        var media = sdp.Media[0];

        Assert.Equal(media.Port, media.Rtcp!.Port);
        Assert.Equal([1], media.Candidates.Select(c => c.Component));
    }

    [Fact]
    public void ChromeAnswer_ToBaresip_PlainAvpOnlyTheOfferedCodecs()
    {
        _host.Offer(Offer("baresip-offer.sdp", ToBrowser));
        var sdp = _host.Answer(Answer("chrome-answer.sdp", ToSip));
        var media = Assert.Single(sdp.Media);

        Assert.Equal(SdpProtocol.RtpAvp, media.Protocol);

        // Chrome answered with its whole list; baresip offered 0 8 96 101 (rtpengine trims the same way).
        Assert.Equal(["0", "8"], media.Formats);
        Assert.Equal(media.Port + 1, media.Rtcp!.Port);
        Assert.False(media.RtcpMux);
        Assert.Empty(media.Candidates);
        Assert.Empty(media.Fingerprints);
        Assert.Null(media.Mid);
        Assert.Null(sdp.BundleGroup);
        Assert.Equal(SdpDirection.RecvOnly, media.Direction);

        // Chrome answered setup:active, so towards it the relay is the DTLS server.
        var query = Assert.IsType<NgQueryReply>(_host.Relay.Query(new NgQueryCommand("call-1")));
        Assert.Contains("DTLS role passive", query.Call.Tags.Single(t => t.Tag == "b").Medias[0].Flags);
    }

    [Fact]
    public void JssipOffer_BrowserToBrowser_RelayTerminatesIceAndDtlsOnEachSide()
    {
        var toB = _host.Offer(Offer("jssip-offer.sdp", "replace-origin replace-session-connection trust-address DTLS=passive SDES-off ICE=force"));
        var offered = Assert.Single(toB.Media);
        Assert.Equal(SdpProtocol.UdpTlsRtpSavpf, offered.Protocol);
        Assert.Equal("0", offered.Mid);
        Assert.NotEqual("6vsg", offered.IceUfrag);
        Assert.All(offered.Candidates, c => Assert.Equal("192.0.2.10", c.Address));
        Assert.NotEqual("02:11:0B:20", offered.Fingerprints[0].Value[..11]);

        // Header extensions stay between browsers.
        Assert.Equal(4, offered.Extmaps.Count);

        var toA = _host.Answer(Answer("jssip-answer.sdp", "replace-origin replace-session-connection trust-address DTLS=passive SDES-off ICE=force"));
        var answered = Assert.Single(toA.Media);
        Assert.Equal(SdpProtocol.UdpTlsRtpSavpf, answered.Protocol);
        Assert.Equal(SdpSetupRole.Passive, answered.Setup);
        Assert.Equal(["0"], toA.BundleGroup!.MediaIds);
        Assert.NotEqual(offered.Port, answered.Port);
        Assert.NotEqual(offered.IceUfrag, answered.IceUfrag);
    }

    [Fact]
    public void PlainOffer_ToSdesSoftphone_OneCryptoLinePerSuite()
    {
        var sdp = _host.Offer(new NgOfferCommand("call-1", "a", RelayTestHost.PlainSdp(4000)) { TransportProtocol = SdpProtocol.RtpSavp, Sdes = ["no-AEAD_AES_256_GCM"] });
        var media = sdp.Media[0];

        Assert.Equal(SdpProtocol.RtpSavp, media.Protocol);
        Assert.Equal([(1, "AES_CM_128_HMAC_SHA1_80"), (2, "AES_CM_128_HMAC_SHA1_32"), (3, "AEAD_AES_128_GCM")], media.Cryptos.Select(c => (c.Tag, c.Suite)));
        Assert.All(media.Cryptos, c => Assert.StartsWith("inline:", c.KeyParameters, StringComparison.Ordinal));
        Assert.Empty(media.Fingerprints);
    }

    [Fact]
    public void OfferWithoutReplaceOrigin_KeepsTheOriginLine()
    {
        var sdp = _host.Offer(new NgOfferCommand("call-1", "a", SdpSamples.Read("baresip-offer.sdp")));

        Assert.Equal("127.0.0.1", sdp.Origin.Address);
        Assert.Equal("192.0.2.10", sdp.Connection!.Address);
    }

    [Fact]
    public void DataChannelSection_RejectedBothWays()
    {
        var offer = SdpSamples.ParseText(System.Text.Encoding.ASCII.GetString(SdpSamples.Read("chrome-offer.sdp")) +
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sctp-port:5000\r\n");
        var sdp = _host.Offer(NgFlagString.Apply(new NgOfferCommand("call-1", "a", SdpWriter.ToBytes(offer)), ToSip));

        Assert.Equal(2, sdp.Media.Count);
        Assert.True(sdp.Media[1].IsRejected);
        Assert.False(sdp.Media[0].IsRejected);
        Assert.Equal(2, _host.Relay.PortsInUse);
    }

    [Fact]
    public void OfferWithUnparsableSdp_ErrorReplyAndNoSession()
    {
        var reply = _host.Relay.Offer(new NgOfferCommand("call-1", "a", "v=0\r\nbogus\r\n"u8.ToArray()));

        Assert.StartsWith("Failed to parse SDP", Assert.IsType<NgErrorReply>(reply).Reason, StringComparison.Ordinal);
        Assert.Equal(0, _host.Relay.SessionCount);
    }
}
