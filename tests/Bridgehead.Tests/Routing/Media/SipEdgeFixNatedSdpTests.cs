using Bridgehead.Ng;
using Bridgehead.Routing.Media;
using Bridgehead.Routing.Pool;
using Bridgehead.Sip;
using Bridgehead.Storage.Pool;
using Bridgehead.Testing.Ng;
using Bridgehead.Testing.Sip;
using Microsoft.Extensions.Time.Testing;
using static Bridgehead.Tests.Routing.EdgeScenario;
using static Bridgehead.Tests.Routing.Media.MediaScenario;

namespace Bridgehead.Tests.Routing.Media;

/// <summary>Media:Mode off: no relay; private switch addresses in SDP become the public address (issue 4 item 5).</summary>
public sealed class SipEdgeFixNatedSdpTests : IDisposable
{
    private const string SwitchSdp = "v=0\r\no=FreeSWITCH 1 2 IN IP4 10.0.0.5\r\ns=FreeSWITCH\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\nm=audio 16384 RTP/AVP 0\r\n";

    private readonly FakeNgClient _ng = new();
    private readonly TestSipEdge _edge;

    public SipEdgeFixNatedSdpTests()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new PoolOptions());
        var pool = new PoolState(new FakeTimeProvider(), options, new LoadBalancerLedger(new ResourceLoadPolicy(LoadBalancerMode.Absolute, new Random(1))));
        pool.Apply([new DispatcherRecord(1, 1, $"sip:{Switch}")], []);
        _edge = new TestSipEdge(ng: _ng, media: m => { m.Mode = MediaMode.Off; m.PublicAddress = "203.0.113.9"; }, pool: pool);
    }

    public void Dispose() => _edge.Dispose();

    [Fact]
    public void InviteFromASwitch_PrivateAddressesBecomeThePublicOneAndNoRelayIsAsked()
    {
        _edge.RegisterBob();

        _edge.Receive(PhoneInvite(sdp: SwitchSdp).Set("Via", $"SIP/2.0/UDP {Switch};branch={SipMessageBuilder.NewBranch()}"), _edge.Udp(Switch));

        var invite = _edge.ForwardedTo(Bob).Message;
        Assert.Equal(SwitchSdp.Replace("10.0.0.5", "203.0.113.9", StringComparison.Ordinal), invite.BodyText());
        AssertContentLengthMatches(invite);
        Assert.Empty(_ng.Commands);
    }

    [Fact]
    public void InviteFromAUser_IsLeftAlone()
    {
        _edge.RegisterBob();
        var sdp = SwitchSdp;

        _edge.Receive(PhoneInvite(sdp: sdp), _edge.Udp(Alice));

        Assert.Equal(sdp, _edge.ForwardedTo(Bob).Message.BodyText());
    }

    [Fact]
    public void AnswerFromASwitch_IsFixedOnItsWayToTheCaller()
    {
        _edge.Proxy.DefaultRoute = null;
        _edge.Register("bob", $"<sip:bob@{Switch}>", _edge.Udp(Switch));
        _edge.Sender.Clear();
        _edge.Receive(PhoneInvite(), _edge.Udp(Alice));
        var forwarded = _edge.ForwardedTo(Switch);

        _edge.Answer(forwarded, 200, change: r => r.WithBody("application/sdp", SwitchSdp));

        var ok = _edge.ResponsesTo(Alice).Single(r => r.Status == 200).Message;
        Assert.Contains("c=IN IP4 203.0.113.9", ok.BodyText(), StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.5", ok.BodyText(), StringComparison.Ordinal);
        Assert.Empty(_ng.CommandsOf<NgSdpCommand>());
    }
}
