using Bridgehead.Ng;
using Bridgehead.Relay;

namespace Bridgehead.Tests.Relay;

/// <summary>Session control on a fake clock: legs, ports, delete, delete-delay, timeouts, query, list, statistics, limits.</summary>
public sealed class MediaRelaySessionTests : IDisposable
{
    private RelayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Offer_NewCall_TakesTwoPairsAndBindsRtpAndRtcp()
    {
        var (forA, forB) = _host.PlainCall("c1");

        Assert.Equal(2, _host.Relay.PortsInUse);
        Assert.Equal(1, _host.Relay.SessionCount);
        Assert.Contains(("lo", forA), _host.Io.Open.Keys);
        Assert.Contains(("lo", forA + 1), _host.Io.Open.Keys);
        Assert.Contains(("lo", forB), _host.Io.Open.Keys);
        Assert.Equal(4, _host.Io.Attached.Count);
    }

    [Fact]
    public void Reoffer_FromEitherSide_ReusesThePorts()
    {
        var (forA, forB) = _host.PlainCall("c1");

        // A re-INVITE from the callee: from-tag b, to-tag a (ng-protocol §3.2).
        var toA = _host.Offer(new NgOfferCommand("c1", "b", RelayTestHost.PlainSdp(5000)) { ToTag = "a" });
        var toB = _host.Answer(new NgAnswerCommand("c1", "b", "a", RelayTestHost.PlainSdp(4000)));

        Assert.Equal(forA, toA.Media[0].Port);
        Assert.Equal(forB, toB.Media[0].Port);
        Assert.Equal(2, _host.Relay.PortsInUse);
    }

    [Fact]
    public void Answer_UnknownCall_ErrorReply()
    {
        var reply = _host.Relay.Answer(new NgAnswerCommand("nope", "a", "b", RelayTestHost.PlainSdp(5000)));

        Assert.Equal("Unknown call-id", Assert.IsType<NgErrorReply>(reply).Reason);
    }

    [Fact]
    public void Answer_DifferentMediaCount_ErrorReply()
    {
        _host.Offer(new NgOfferCommand("c1", "a", RelayTestHost.PlainSdp(4000)));
        var twoStreams = RelayTestHost.PlainSdp(5000, extra: "m=video 5002 RTP/AVP 96\r\na=rtpmap:96 VP8/90000");

        Assert.IsType<NgErrorReply>(_host.Relay.Answer(new NgAnswerCommand("c1", "a", "b", twoStreams)));
    }

    [Fact]
    public void Delete_KnownCall_EndsItFreesPortsAndReportsStatistics()
    {
        _host.PlainCall("c1");

        var reply = Assert.IsType<NgDeleteReply>(_host.Relay.Delete(new NgDeleteCommand("c1") { FromTag = "a" }));

        Assert.NotNull(reply.Call);
        Assert.Equal(["a", "b"], reply.Call.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal));
        Assert.Equal(0, _host.Relay.SessionCount);
        Assert.Equal(0, _host.Relay.PortsInUse);
        Assert.Empty(_host.Io.Open);
        Assert.Empty(_host.Io.Attached);
    }

    [Fact]
    public void Delete_FastFlag_NoStatistics()
    {
        _host.PlainCall("c1");

        Assert.Null(Assert.IsType<NgDeleteReply>(_host.Relay.Delete(new NgDeleteCommand("c1") { Flags = ["fast"] })).Call);
    }

    [Fact]
    public void Delete_UnknownCall_WarningOrErrorWithFatal()
    {
        var lenient = Assert.IsType<NgDeleteReply>(_host.Relay.Delete(new NgDeleteCommand("nope") { FromTag = "a" }));
        var fatal = Assert.IsType<NgErrorReply>(_host.Relay.Delete(new NgDeleteCommand("nope") { FromTag = "a", Flags = ["fatal"] }));

        Assert.Equal("Call-ID not found or tags didn't match", lenient.Warning);
        Assert.Equal("Call-ID not found or tags didn't match", fatal.Reason);
    }

    [Fact]
    public void Delete_WithDeleteDelay_EndsOnlyWhenTheDelayIsOver()
    {
        _host.PlainCall("c1");

        _host.Relay.Delete(new NgDeleteCommand("c1") { FromTag = "a", DeleteDelay = 5 });
        _host.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(1, _host.Relay.SessionCount);

        _host.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, _host.Relay.SessionCount);
        Assert.Equal(0, _host.Relay.PortsInUse);
    }

    [Fact]
    public void Sweep_NoMediaPastTheTimeout_EndsTheSession()
    {
        _host.PlainCall("c1");

        _host.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, _host.Relay.SessionCount);

        _host.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, _host.Relay.SessionCount);
        Assert.Equal(1, Assert.IsType<NgStatisticsReply>(_host.Relay.Statistics()).GetCounter("totalstatistics", "timeoutsessions"));
    }

    [Fact]
    public void Sweep_MediaKeepsFlowing_SessionStays()
    {
        var (forA, _) = _host.PlainCall("c1");

        for (ushort i = 0; i < 10; i++)
        {
            _host.Time.Advance(TimeSpan.FromSeconds(30));
            _host.Io.Deliver(forA, RelayTestHost.Rtp(1, i), RelayTestHost.At("198.51.100.1", 4000));
        }

        Assert.Equal(1, _host.Relay.SessionCount);

        // Media in one direction counts for the whole call (rtpengine's --timeout, not --silent-timeout).
        _host.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, _host.Relay.SessionCount);
    }

    [Fact]
    public void Sweep_SignallingCountsAsActivity()
    {
        _host.Offer(new NgOfferCommand("c1", "a", RelayTestHost.PlainSdp(4000)));
        _host.Time.Advance(TimeSpan.FromSeconds(50));
        _host.Answer(new NgAnswerCommand("c1", "a", "b", RelayTestHost.PlainSdp(5000)));

        _host.Time.Advance(TimeSpan.FromSeconds(50));

        Assert.Equal(1, _host.Relay.SessionCount);
    }

    [Fact]
    public void Query_AnsweredCall_TagsStreamsEndpointsAndAdvertisedAddress()
    {
        var (forA, forB) = _host.PlainCall("c1");
        _host.Io.Deliver(forA, RelayTestHost.Rtp(1, 1), RelayTestHost.At("198.51.100.7", 4444));

        var call = Assert.IsType<NgQueryReply>(_host.Relay.Query(new NgQueryCommand("c1"))).Call;

        var a = call.Tags.Single(t => t.Tag == "a");
        Assert.Equal("b", a.InDialogueWith);
        var media = Assert.Single(a.Medias);
        Assert.Equal((1, "audio", "RTP/AVP"), (media.Index, media.Type, media.Protocol));
        var rtp = media.Streams[0];
        Assert.Equal(forA, rtp.LocalPort);
        Assert.Equal(new NgEndpoint("IPv4", "198.51.100.7", 4444), rtp.Endpoint);
        Assert.Equal(new NgEndpoint("IPv4", "192.0.2.10", forA), rtp.AdvertisedEndpoint);
        Assert.Contains("confirmed", rtp.Flags);
        Assert.Equal(1, rtp.Stats.Packets);
        Assert.Equal(forA + 1, media.Streams[1].LocalPort);
        Assert.Equal(forB, call.Tags.Single(t => t.Tag == "b").Medias[0].Streams[0].LocalPort);
        Assert.Equal(1, call.RtpTotals!.Packets);
    }

    [Fact]
    public void List_Limit_ReturnsThatMany()
    {
        _host.PlainCall("c1");
        _host.PlainCall("c2");
        _host.PlainCall("c3");

        Assert.Equal(3, Assert.IsType<NgListReply>(_host.Relay.List(new NgListCommand())).Calls.Count);
        Assert.Equal(2, Assert.IsType<NgListReply>(_host.Relay.List(new NgListCommand { Limit = 2 })).Calls.Count);
    }

    [Fact]
    public void Offer_BeyondMaxSessions_RefusedAndCounted()
    {
        _host.Dispose();
        _host = new RelayTestHost(o =>
        {
            o.MaxSessions = 1;
            o.Interfaces.Add(new RelayInterfaceOptions { Name = "lo", Address = "127.0.0.1" });
        });
        _host.PlainCall("c1");

        var reply = _host.Relay.Offer(new NgOfferCommand("c2", "a", RelayTestHost.PlainSdp(4000)));

        Assert.Equal("Too many sessions", Assert.IsType<NgErrorReply>(reply).Reason);
        Assert.Equal(1, Assert.IsType<NgStatisticsReply>(_host.Relay.Statistics()).GetCounter("totalstatistics", "rejectedsessions"));
    }

    [Fact]
    public void Offer_PortRangeExhausted_ErrorAndNothingLeaks()
    {
        _host.Dispose();
        _host = new RelayTestHost(o =>
        {
            o.PortMin = 30000;
            o.PortMax = 30005;
            o.Interfaces.Add(new RelayInterfaceOptions { Name = "lo", Address = "127.0.0.1" });
        });
        _host.PlainCall("c1");

        var reply = _host.Relay.Offer(new NgOfferCommand("c2", "a", RelayTestHost.PlainSdp(4000)));

        Assert.Equal("Ran out of ports", Assert.IsType<NgErrorReply>(reply).Reason);
        Assert.Equal(1, _host.Relay.SessionCount);
        Assert.Equal(2, _host.Relay.PortsInUse);
    }

    [Fact]
    public void Offer_PortHeldByAnotherProgram_SkipsToTheNextPair()
    {
        _host.Io.Busy.Add(RelayTestHost.PortMin + 1);

        var sdp = _host.Offer(new NgOfferCommand("c1", "a", RelayTestHost.PlainSdp(4000)));

        // 30000/30001 failed (30001 is taken): A got 30002, B 30004.
        Assert.Equal(RelayTestHost.PortMin + 4, sdp.Media[0].Port);
        Assert.Equal(2, _host.Relay.PortsInUse);
    }

    [Fact]
    public void Direction_TwoInterfaces_EachLegGetsItsAdvertisedAddress()
    {
        _host.Dispose();
        _host = new RelayTestHost(o =>
        {
            o.Interfaces.Add(new RelayInterfaceOptions { Name = "internal", Address = "10.0.0.5" });
            o.Interfaces.Add(new RelayInterfaceOptions { Name = "external", Address = "10.0.1.5", AdvertisedAddress = "203.0.113.5" });
        });

        // A switch inside calls a browser outside: direction=internal direction=external.
        var toOutside = _host.Offer(NgFlagString.Apply(new NgOfferCommand("c1", "switch", RelayTestHost.PlainSdp(4000, "10.0.0.20")), "direction=internal direction=external"));
        var toInside = _host.Answer(new NgAnswerCommand("c1", "switch", "browser", RelayTestHost.PlainSdp(5000, "198.51.100.3")));

        Assert.Equal("203.0.113.5", toOutside.Connection!.Address);
        Assert.Equal("10.0.0.5", toInside.Connection!.Address);
        Assert.Contains(("external", toOutside.Media[0].Port), _host.Io.Open.Keys);
        Assert.Contains(("internal", toInside.Media[0].Port), _host.Io.Open.Keys);
    }

    [Fact]
    public void Statistics_AfterACall_CountsSessionsPacketsAndInterfaces()
    {
        var (forA, _) = _host.PlainCall("c1");
        _host.Io.Deliver(forA, RelayTestHost.Rtp(1, 1), RelayTestHost.At("198.51.100.1", 4000));

        var statistics = Assert.IsType<NgStatisticsReply>(_host.Relay.Statistics());

        Assert.Equal(1, statistics.GetCounter("currentstatistics", "sessionsown"));
        Assert.Equal(1, statistics.GetCounter("totalstatistics", "managedsessions"));
        Assert.Equal(1, statistics.GetCounter("totalstatistics", "relayedpackets"));
        Assert.Equal(172, statistics.GetCounter("totalstatistics", "relayedbytes"));
    }

    [Fact]
    public void Ping_AnsweredPong()
    {
        Assert.IsType<NgPongReply>(_host.Relay.Handle(new NgPingCommand()));
    }

    [Fact]
    public void RtppFlags_ParsedByTheRelayLikeTheModuleWould()
    {
        var sdp = _host.Offer(new NgOfferCommand("c1", "a", RelayTestHost.PlainSdp(4000)) { RtppFlags = "replace-origin ICE=force UDP/TLS/RTP/SAVPF rtcp-mux-require" });

        Assert.Equal("UDP/TLS/RTP/SAVPF", sdp.Media[0].Protocol);
        Assert.Equal("192.0.2.10", sdp.Origin.Address);
        Assert.True(sdp.Media[0].RtcpMux);
    }
}
