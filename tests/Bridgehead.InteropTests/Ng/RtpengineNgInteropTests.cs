using Bridgehead.Ng;
using Bridgehead.Ng.Client;
using Bridgehead.Sdp;

namespace Bridgehead.InteropTests.Ng;

/// <summary>
/// Bridgehead's ng client and codec against a real rtpengine: the commands and flags that
/// OpenSIPS/Kamailio send for WebRTC ⇄ SIP (ng-protocol §5), and what rtpengine answers.
/// </summary>
public sealed class RtpengineNgInteropTests(RtpengineProcess rtpengine) : IClassFixture<RtpengineProcess>, IAsyncDisposable
{
    private readonly NgUdpClient client = rtpengine.CreateClient();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string NewCallId() => $"{Guid.NewGuid():N}@interop";

    public ValueTask DisposeAsync() => client.DisposeAsync();

    private async Task<T> Send<T>(NgCommand command)
        where T : NgReply
    {
        var reply = await client.SendAsync(command, Token);
        return reply as T ?? throw new Xunit.Sdk.XunitException($"{command.Kind}: expected {typeof(T).Name}, got {reply}\nrtpengine log:\n{rtpengine.Log}");
    }

    private void AssertRtpenginePort(int port) => Assert.InRange(port, rtpengine.PortMin, rtpengine.PortMax);

    [Fact]
    public async Task Ping_RealRtpengine_AnswersPong()
    {
        await Send<NgPongReply>(new NgPingCommand());
    }

    [Fact]
    public async Task OfferAnswerQueryListDelete_PlainRtpAvpCall_RewritesBothSidesToRtpengine()
    {
        var callId = NewCallId();

        // Switch -> softphone: both plain RTP/AVP; the SDP must point at rtpengine afterwards.
        var offer = await Send<NgSdpReply>(new NgOfferCommand(callId, "from-switch", NgInteropSdp.SoftphoneOffer(6000))
        {
            Flags = ["trust-address"],
            Replace = NgReplace.Origin | NgReplace.SessionConnection,
            Ice = NgIceMode.Remove,
            TransportProtocol = SdpProtocol.RtpAvp,
        });
        var toCallee = NgInteropSdp.Parse(offer.Sdp);
        var calleeMedia = Assert.Single(toCallee.Media);
        Assert.Equal("127.0.0.1", toCallee.GetEffectiveConnection(calleeMedia)!.Address);
        Assert.Equal("127.0.0.1", toCallee.Origin.Address);
        AssertRtpenginePort(calleeMedia.Port);
        Assert.Equal(SdpProtocol.RtpAvp, calleeMedia.Protocol);
        Assert.Equal(["0", "8", "101"], calleeMedia.Formats);
        Assert.Equal(calleeMedia.Port + 1, calleeMedia.Rtcp!.Port);
        Assert.Empty(calleeMedia.Candidates);

        var answer = await Send<NgSdpReply>(new NgAnswerCommand(callId, "from-switch", "to-softphone", NgInteropSdp.SoftphoneAnswer(7000))
        {
            Flags = ["trust-address"],
            Replace = NgReplace.Origin | NgReplace.SessionConnection,
            Ice = NgIceMode.Remove,
        });
        var toCaller = NgInteropSdp.Parse(answer.Sdp);
        var callerMedia = Assert.Single(toCaller.Media);
        Assert.Equal("127.0.0.1", toCaller.GetEffectiveConnection(callerMedia)!.Address);
        AssertRtpenginePort(callerMedia.Port);
        Assert.NotEqual(calleeMedia.Port, callerMedia.Port);
        Assert.Equal(["PCMU", "telephone-event"], callerMedia.Codecs.Select(c => c.Name));

        // query: both parties, and the ports rtpengine advertised are its local ports.
        var call = (await Send<NgQueryReply>(new NgQueryCommand(callId))).Call;
        Assert.Equal(["from-switch", "to-softphone"], call.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal));
        var localPorts = call.Tags.SelectMany(t => t.Medias).SelectMany(m => m.Streams).Select(s => s.LocalPort).ToHashSet();
        Assert.Contains(calleeMedia.Port, localPorts);
        Assert.Contains(callerMedia.Port, localPorts);
        var switchSide = call.Tags.Single(t => t.Tag == "from-switch").Medias.Single().Streams[0];
        Assert.Equal(new NgEndpoint("IPv4", "127.0.0.2", 6000), switchSide.Endpoint);
        Assert.NotNull(call.RtpTotals);

        Assert.Contains(callId, (await Send<NgListReply>(new NgListCommand())).Calls);

        var deleted = await Send<NgDeleteReply>(new NgDeleteCommand(callId) { FromTag = "from-switch" });
        Assert.NotNull(deleted.Call);
        Assert.DoesNotContain(callId, (await Send<NgListReply>(new NgListCommand { Limit = 1000 })).Calls);
    }

    [Fact]
    public async Task Offer_WebRtcFlagsTowardsBrowser_RtpengineOffersIceCandidatesAndFingerprint()
    {
        var callId = NewCallId();

        // ng-protocol §5.3: FreeSWITCH's RTP/AVP offer turned into what Chrome accepts.
        var offer = await Send<NgSdpReply>(new NgOfferCommand(callId, "from-switch", NgInteropSdp.SoftphoneOffer(6002))
        {
            Flags = ["trust-address", "generate-mid"],
            Replace = NgReplace.Origin | NgReplace.SessionConnection,
            RtcpMux = NgRtcpMux.Offer | NgRtcpMux.Require,
            DtlsFingerprint = "sha-256",
            Dtls = NgDtlsMode.Passive,
            Sdes = ["off"],
            Ice = NgIceMode.Force,
            TransportProtocol = SdpProtocol.UdpTlsRtpSavpf,
        });

        var toBrowser = NgInteropSdp.Parse(offer.Sdp);
        var media = Assert.Single(toBrowser.Media);
        Assert.Equal(SdpProtocol.UdpTlsRtpSavpf, media.Protocol);
        AssertRtpenginePort(media.Port);
        var candidate = Assert.Single(media.Candidates);
        Assert.Equal(("127.0.0.1", media.Port, SdpCandidate.Host), (candidate.Address, candidate.Port, candidate.Type));
        Assert.True(candidate.IsUdp);
        Assert.NotNull(media.IceUfrag ?? toBrowser.IceUfrag);
        Assert.NotNull(media.IcePwd ?? toBrowser.IcePwd);
        var fingerprint = Assert.Single(media.Fingerprints.Concat(toBrowser.Fingerprints));
        Assert.Equal("sha-256", fingerprint.HashFunction, ignoreCase: true);
        Assert.Equal(32, fingerprint.GetDigest().Length);
        Assert.Equal(SdpSetupRole.ActPass, media.Setup ?? toBrowser.Setup);
        Assert.True(media.RtcpMux);
        Assert.NotNull(media.Mid);
        Assert.Empty(media.Cryptos);

        // ng-protocol §5.4: the browser's answer goes back to the switch as plain RTP/AVP.
        var answer = await Send<NgSdpReply>(new NgAnswerCommand(callId, "from-switch", "to-browser", NgInteropSdp.BrowserAnswer(50000))
        {
            Flags = ["trust-address"],
            Replace = NgReplace.Origin | NgReplace.SessionConnection,
            RtcpMux = NgRtcpMux.Demux,
            Dtls = NgDtlsMode.Off,
            Sdes = ["off"],
            Ice = NgIceMode.Remove,
            TransportProtocol = SdpProtocol.RtpAvp,
        });

        var toSwitch = NgInteropSdp.Parse(answer.Sdp);
        var back = Assert.Single(toSwitch.Media);
        Assert.Equal(SdpProtocol.RtpAvp, back.Protocol);
        AssertRtpenginePort(back.Port);
        Assert.Equal("127.0.0.1", toSwitch.GetEffectiveConnection(back)!.Address);
        Assert.Empty(back.Candidates);
        Assert.Empty(back.Fingerprints.Concat(toSwitch.Fingerprints));
        Assert.Null(back.IceUfrag ?? toSwitch.IceUfrag);
        Assert.False(back.RtcpMux);
        Assert.Equal(back.Port + 1, back.Rtcp!.Port);

        var call = (await Send<NgQueryReply>(new NgQueryCommand(callId))).Call;
        var browserSide = call.Tags.Single(t => t.Tag == "to-browser").Medias.Single();
        Assert.Equal(SdpProtocol.UdpTlsRtpSavpf, browserSide.Protocol);

        await Send<NgDeleteReply>(new NgDeleteCommand(callId) { FromTag = "from-switch" });
    }

    [Fact]
    public async Task Offer_ChromeOfferTowardsSwitch_RtpengineStripsIceAndDtls()
    {
        var callId = NewCallId();

        // ng-protocol §5.1: the browser's INVITE towards FreeSWITCH.
        var offer = await Send<NgSdpReply>(new NgOfferCommand(callId, "from-browser", NgInteropSdp.ChromeOffer())
        {
            Flags = ["trust-address"],
            Replace = NgReplace.Origin | NgReplace.SessionConnection,
            RtcpMux = NgRtcpMux.Demux,
            Dtls = NgDtlsMode.Off,
            Sdes = ["off"],
            Ice = NgIceMode.Remove,
            TransportProtocol = SdpProtocol.RtpAvp,
        });

        var toSwitch = NgInteropSdp.Parse(offer.Sdp);
        var media = Assert.Single(toSwitch.Media);
        Assert.Equal(SdpProtocol.RtpAvp, media.Protocol);
        AssertRtpenginePort(media.Port);
        Assert.Empty(media.Candidates);
        Assert.Empty(media.Fingerprints.Concat(toSwitch.Fingerprints));
        Assert.Null(media.Setup);
        Assert.False(media.RtcpMux);
        Assert.Contains(media.Codecs, c => c.Name == "PCMU");
        Assert.Contains(media.Codecs, c => c is { Name: "opus", ClockRate: 48000, Channels: 2 });

        await Send<NgDeleteReply>(new NgDeleteCommand(callId) { FromTag = "from-browser" });
    }

    [Fact]
    public async Task Delete_UnknownCallWithFatal_IsErrorWithReason()
    {
        var reply = await Send<NgErrorReply>(new NgDeleteCommand(NewCallId()) { FromTag = "nobody", Flags = ["fatal"] });

        Assert.Equal(NgClientError.None, reply.ClientError);
        Assert.False(string.IsNullOrWhiteSpace(reply.Reason));
    }

    [Fact]
    public async Task Answer_UnknownCall_IsError()
    {
        var reply = await Send<NgErrorReply>(new NgAnswerCommand(NewCallId(), "f", "t", NgInteropSdp.SoftphoneAnswer(7002)));

        Assert.Equal(NgClientError.None, reply.ClientError);
    }

    [Fact]
    public async Task Statistics_AfterAnOffer_CountsTheSession()
    {
        var callId = NewCallId();
        await Send<NgSdpReply>(new NgOfferCommand(callId, "f", NgInteropSdp.SoftphoneOffer(6004)));

        var statistics = await Send<NgStatisticsReply>(new NgStatisticsCommand());

        Assert.True(statistics.GetCounter("currentstatistics", "sessionsown") >= 1);
        Assert.NotNull(statistics.GetCounter("totalstatistics", "uptime"));
        await Send<NgDeleteReply>(new NgDeleteCommand(callId) { FromTag = "f" });
    }

    [Fact]
    public async Task SendAsync_FirstRequestLost_RetransmitsSameCookieAndGetsTheReply()
    {
        await using var hop = new LossyUdpForwarder(rtpengine.NgEndPoint, dropRequest: n => n == 1, dropReply: _ => false);
        await using var lossy = new NgUdpClient(new NgUdpClientOptions
        {
            RemoteEndPoint = hop.EndPoint,
            RetransmitInterval = TimeSpan.FromMilliseconds(300),
            MaxAttempts = 3,
        });

        var reply = await lossy.SendAsync(new NgPingCommand(), Token);

        Assert.IsType<NgPongReply>(reply);
        Assert.Equal(2, hop.Requests.Count);
        Assert.Equal(hop.Requests.First(), hop.Requests.Last());
    }

    [Fact]
    public async Task SendAsync_FirstReplyLost_RtpengineAnswersTheRetransmissionFromItsCache()
    {
        var callId = NewCallId();
        await using var hop = new LossyUdpForwarder(rtpengine.NgEndPoint, dropRequest: _ => false, dropReply: n => n == 1);
        await using var lossy = new NgUdpClient(new NgUdpClientOptions
        {
            RemoteEndPoint = hop.EndPoint,
            RetransmitInterval = TimeSpan.FromMilliseconds(300),
            MaxAttempts = 3,
        });

        var reply = await lossy.SendAsync(new NgOfferCommand(callId, "f", NgInteropSdp.SoftphoneOffer(6006)), Token);

        Assert.IsType<NgSdpReply>(reply);
        Assert.Equal(2, hop.Requests.Count);
        Assert.Equal(2, hop.Replies.Count);

        // The offer ran once: the lost reply and the one we got are the same bytes, and the
        // call has a single party with a single stream set.
        Assert.Equal(hop.Replies.First(), hop.Replies.Last());
        var call = (await Send<NgQueryReply>(new NgQueryCommand(callId))).Call;
        Assert.Equal(1, call.Tags.Count(t => t.Tag == "f"));
        await Send<NgDeleteReply>(new NgDeleteCommand(callId) { FromTag = "f" });
    }
}
