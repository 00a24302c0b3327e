using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Testing.Sip;
using static Bridgehead.Tests.Routing.EdgeScenario;

namespace Bridgehead.Tests.Routing;

/// <summary>CANCEL through the proxy (RFC 3261 §9, §16.10): answered hop by hop, forwarded once a provisional arrived, 487 upstream.</summary>
public sealed class SipEdgeCancelTests : IDisposable
{
    private readonly TestSipEdge _edge = new();
    private readonly SipMessageBuilder _invite = Invite();

    public SipEdgeCancelTests()
    {
        _edge.RegisterBob();
        _edge.Receive(_invite, _edge.Udp(Alice));
    }

    public void Dispose() => _edge.Dispose();

    private void Cancel() => _edge.Receive(SipRequests.CancelFor(_invite.Parse()), _edge.Udp(Alice));

    [Fact]
    public void CancelAfterRinging_Gets200AndIsForwardedDownstream()
    {
        var forwarded = _edge.ForwardedTo(Bob);
        _edge.Answer(forwarded, 180);

        Cancel();

        var ok = _edge.ResponsesTo(Alice)[^1].Message;
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(SipMethod.Cancel, ok.CSeq.Method);
        var cancel = _edge.ForwardedTo(Bob, SipMethod.Cancel).Message;
        Assert.Equal(forwarded.Message.TopVia.Branch.ToArray(), cancel.TopVia.Branch.ToArray());
        Assert.Equal(forwarded.Message.RequestUri.ToArray(), cancel.RequestUri.ToArray());
        Assert.Equal(forwarded.Message.CSeq.Number, cancel.CSeq.Number);
    }

    [Fact]
    public void CancelledInvite_487FromDownstreamIsAckedThereAndGoesUp()
    {
        var forwarded = _edge.ForwardedTo(Bob);
        _edge.Answer(forwarded, 180);
        Cancel();
        _edge.Answer(_edge.ForwardedTo(Bob, SipMethod.Cancel), 200, toTag: null);

        _edge.Answer(forwarded, 487);

        Assert.Single(_edge.RequestsTo(Bob, SipMethod.Ack));
        var final = _edge.ResponsesTo(Alice)[^1].Message;
        Assert.Equal(487, final.StatusCode);
        Assert.Equal(SipMethod.Invite, final.CSeq.Method);
    }

    [Fact]
    public void CancelledInvite_DownstreamAnswers200Anyway_200GoesUp()
    {
        var forwarded = _edge.ForwardedTo(Bob);
        _edge.Answer(forwarded, 180);
        Cancel();

        _edge.Answer(forwarded, 200);

        Assert.Equal(200, _edge.ResponsesTo(Alice).Last(m => m.Method == SipMethod.Invite).Status);
    }

    [Fact]
    public void CancelBeforeAnyProvisional_IsHeldUntilOneArrives()
    {
        var forwarded = _edge.ForwardedTo(Bob);

        Cancel();

        Assert.Contains(200, _edge.StatusesTo(Alice));
        Assert.Empty(_edge.RequestsTo(Bob, SipMethod.Cancel));

        _edge.Answer(forwarded, 100, toTag: null);
        Assert.Single(_edge.RequestsTo(Bob, SipMethod.Cancel));
    }

    [Fact]
    public void CancelOfAnUnknownTransaction_Gets481()
    {
        var other = Invite();

        _edge.Receive(SipRequests.CancelFor(other.Parse()), _edge.Udp(Alice));

        Assert.Equal(481, _edge.ResponsesTo(Alice)[^1].Status);
    }

    [Fact]
    public void AckOf487FromUpstream_IsAbsorbedHopByHop()
    {
        var forwarded = _edge.ForwardedTo(Bob);
        _edge.Answer(forwarded, 180);
        Cancel();
        _edge.Answer(forwarded, 487);
        var final = _edge.ResponsesTo(Alice)[^1].Message;
        var acksToBob = _edge.RequestsTo(Bob, SipMethod.Ack).Count;

        _edge.Receive(SipRequests.AckFor(_invite.Parse(), final), _edge.Udp(Alice));

        Assert.Equal(acksToBob, _edge.RequestsTo(Bob, SipMethod.Ack).Count);
        var server = _edge.Transactions.FindInviteServer(_invite.Parse());
        Assert.Equal(TransactionState.Confirmed, server!.State);
    }

    [Fact]
    public void RetransmittedInvite_IsAnsweredWithTheLastResponseNotForwardedAgain()
    {
        var forwarded = _edge.ForwardedTo(Bob);
        _edge.Answer(forwarded, 180);

        _edge.Receive(_invite, _edge.Udp(Alice));

        Assert.Single(_edge.RequestsTo(Bob, SipMethod.Invite));
        Assert.Equal([100, 180, 180], _edge.StatusesTo(Alice));
    }
}
