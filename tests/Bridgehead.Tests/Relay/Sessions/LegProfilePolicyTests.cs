using Bridgehead.Dtls;
using Bridgehead.Ng;
using Bridgehead.Relay.Forwarding;
using Bridgehead.Relay.Sessions;
using Bridgehead.Sdp;

namespace Bridgehead.Tests.Relay.Sessions;

/// <summary>Leg profiles from the flag strings OpenSIPS and Kamailio send (ng-protocol §5) and from offers.</summary>
public sealed class LegProfilePolicyTests
{
    private static readonly LegProfile Browser = new(SdpProtocol.UdpTlsRtpSavpf, MediaSecurity.Dtls, Ice: true, RtcpMux: true);
    private static readonly LegProfile Switch = new(SdpProtocol.RtpAvp, MediaSecurity.None, Ice: false, RtcpMux: false);

    private static CommandOptions Options(string flags) =>
        CommandOptions.From(NgFlagString.Apply(new NgOfferCommand("c", "f", "v=0\r\n"u8.ToArray()), flags));

    [Fact]
    public void ForAnswerer_WebRtcToSipFlags_PlainAvpWithoutIceOrMux()
    {
        var options = Options("replace-origin replace-session-connection trust-address rtcp-mux-demux DTLS=off SDES-off ICE=remove RTP/AVP");

        Assert.Equal(Switch, LegProfilePolicy.ForAnswerer(options, Browser));
        Assert.True(LegProfilePolicy.AcceptsOffererMux(options, Browser));
    }

    [Fact]
    public void ForAnswerer_SipToWebRtcFlags_DtlsIceAndMux()
    {
        var options = Options("replace-origin replace-session-connection trust-address rtcp-mux-offer generate-mid DTLS-fingerprint=sha-256 DTLS=passive SDES-off ICE=force RTP/SAVPF");

        Assert.Equal(new LegProfile(SdpProtocol.RtpSavpf, MediaSecurity.Dtls, true, true), LegProfilePolicy.ForAnswerer(options, Switch));
        Assert.True(options.GenerateMid);
    }

    [Fact]
    public void ForAnswerer_BrowserToBrowserFlags_KeepsTheBrowserProfile()
    {
        Assert.Equal(Browser, LegProfilePolicy.ForAnswerer(Options("DTLS=passive SDES-off ICE=force"), Browser));
    }

    [Fact]
    public void ForAnswerer_NoFlags_CopiesTheOfferer()
    {
        Assert.Equal(Switch, LegProfilePolicy.ForAnswerer(Options(string.Empty), Switch));
        Assert.Equal(Browser, LegProfilePolicy.ForAnswerer(Options(string.Empty), Browser));
    }

    [Fact]
    public void ForAnswerer_RtpSavp_IsSdes()
    {
        Assert.Equal(new LegProfile(SdpProtocol.RtpSavp, MediaSecurity.Sdes, false, false), LegProfilePolicy.ForAnswerer(Options("RTP/SAVP"), Switch));
    }

    [Fact]
    public void ForAnswerer_WebRtcShorthand_IsWhatABrowserNeeds()
    {
        var options = Options("WebRTC");

        Assert.Equal(new LegProfile(SdpProtocol.UdpTlsRtpSavpf, MediaSecurity.Dtls, true, true), LegProfilePolicy.ForAnswerer(options, Switch));
        Assert.True(options.SdesOff);
        Assert.Equal(NgRtcpMux.Offer | NgRtcpMux.Require, options.RtcpMux);
    }

    [Fact]
    public void ForAnswerer_RtcpMuxReject_NeitherAcceptedNorOffered()
    {
        var options = Options("rtcp-mux-reject");

        Assert.False(LegProfilePolicy.ForAnswerer(options, Browser).RtcpMux);
        Assert.False(LegProfilePolicy.AcceptsOffererMux(options, Browser));
    }

    [Fact]
    public void OfOfferer_SavpWithFingerprintAndNoCrypto_IsDtls()
    {
        var remote = new RemoteMedia { Protocol = SdpProtocol.RtpSavpf, Fingerprints = [Fingerprint()] };

        Assert.Equal(MediaSecurity.Dtls, LegProfilePolicy.OfOfferer(remote).Security);
        Assert.Equal(MediaSecurity.Sdes, LegProfilePolicy.OfOfferer(remote with { Cryptos = [new SdpCrypto(1, "AES_CM_128_HMAC_SHA1_80", "inline:x")] }).Security);
    }

    [Theory]
    [InlineData(SdpSetupRole.ActPass, null, DtlsRole.Server)]
    [InlineData(SdpSetupRole.ActPass, NgDtlsMode.Passive, DtlsRole.Server)]
    [InlineData(SdpSetupRole.ActPass, NgDtlsMode.Active, DtlsRole.Client)]
    [InlineData(SdpSetupRole.Active, NgDtlsMode.Active, DtlsRole.Server)]
    [InlineData(SdpSetupRole.Passive, NgDtlsMode.Passive, DtlsRole.Client)]
    public void AnswerRole_OfferedSetupAndPreference_RoleOfRfc5763(SdpSetupRole offered, NgDtlsMode? preference, DtlsRole expected)
    {
        Assert.Equal(expected, LegProfilePolicy.AnswerRole(offered, preference));
    }

    [Theory]
    [InlineData(SdpSetupRole.Active, DtlsRole.Server)]
    [InlineData(SdpSetupRole.Passive, DtlsRole.Client)]
    public void RoleFromAnswer_AnswerersSetup_WeTakeTheOtherRole(SdpSetupRole answered, DtlsRole expected)
    {
        Assert.Equal(expected, LegProfilePolicy.RoleFromAnswer(answered));
    }

    [Fact]
    public void CommandOptions_LatchingFlags_MapToLatchModes()
    {
        Assert.Equal(LatchMode.Strict, Options("strict-source").Latching);
        Assert.Equal(LatchMode.Handover, Options("media-handover").Latching);
        Assert.Equal(LatchMode.Default, Options("symmetric").Latching);
    }

    [Fact]
    public void CommandOptions_SdesSuiteFlags_ExcludeOrRestrict()
    {
        var options = Options("SDES-no-AES_CM_128_HMAC_SHA1_32 SDES-only-AES_CM_128_HMAC_SHA1_80");

        Assert.Equal(["AES_CM_128_HMAC_SHA1_32"], options.SdesExcluded);
        Assert.Equal(["AES_CM_128_HMAC_SHA1_80"], options.SdesOnly);
        Assert.False(options.SdesOff);
    }

    [Fact]
    public void CommandOptions_ReceivedFrom_UsedOnlyWithSipSourceAddress()
    {
        var command = new NgOfferCommand("c", "f", "v=0\r\n"u8.ToArray()) { ReceivedFrom = new NgAddress("IP4", "203.0.113.9") };

        Assert.Null(CommandOptions.From(command).SourceAddress);
        Assert.Null(CommandOptions.From(command with { Flags = ["trust-address", "SIP-source-address"] }).SourceAddress);
        Assert.Equal("203.0.113.9", CommandOptions.From(command with { Flags = ["SIP-source-address"] }).SourceAddress!.ToString());
    }

    private static DtlsFingerprint Fingerprint()
    {
        Assert.True(DtlsFingerprint.TryParse("sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)), out var fingerprint, out _));
        return fingerprint!;
    }
}
