using System.Text;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Testing;
using Bridgehead.Testing.Sip;

namespace Bridgehead.Tests.Sip.Transactions;

/// <summary>Client transactions in the layer: sending, response matching (§17.1.3), ACK of non-2xx, timers, transport failure.</summary>
public sealed class ClientTransactionTests : IDisposable
{
    private static readonly SipDestination Next = TransactionLayerFixture.UdpFrom("198.51.100.20:5060");
    private readonly TransactionLayerFixture _f = new();
    private readonly RecordingOwner _owner = new();

    public void Dispose() => _f.Dispose();

    private static SipMessageBuilder Invite(string transport = "UDP") =>
        SipMessageBuilder.Request("INVITE", "sip:bob@198.51.100.20:5060", sentBy: "192.0.2.1:5060", transport: transport);

    private void Answer(SipMessageBuilder request, int status) =>
        _f.Layer.ReceiveResponse(SipMessageBuilder.Response(request.Parse(), status).Parse());

    [Fact]
    public void StartClient_SendsTheRequestToTheDestination()
    {
        var invite = Invite();

        var transaction = _f.StartClient(invite, Next, _owner);

        Assert.Equal(invite.Build(), _f.Sender.Last.Data);
        Assert.Equal(Next, _f.Sender.Last.Destination);
        Assert.Equal(TransactionState.Calling, transaction.State);
        Assert.Equal(1, _f.Layer.ClientCount);
        Assert.Equal(invite.Branch, Encoding.ASCII.GetString(transaction.Branch.Span));
    }

    [Fact]
    public void StartClient_DuplicateBranch_Throws()
    {
        var invite = Invite();
        _f.StartClient(invite, Next, _owner);

        Assert.Throws<InvalidOperationException>(() => _f.StartClient(invite, Next, _owner));
    }

    [Fact]
    public void ReceiveResponse_MatchesByBranchAndCSeqMethod()
    {
        var invite = Invite();
        _f.StartClient(invite, Next, _owner);
        var cancelResponse = SipMessageBuilder.Response(invite.Parse(), 200).Set("CSeq", "1 CANCEL");
        var otherBranch = SipMessageBuilder.Response(invite.Parse(), 180).Set("Via", $"SIP/2.0/UDP 192.0.2.1:5060;branch={SipMessageBuilder.NewBranch()}");

        Assert.False(_f.Layer.ReceiveResponse(cancelResponse.Parse()));
        Assert.False(_f.Layer.ReceiveResponse(otherBranch.Parse()));
        Assert.True(_f.Layer.ReceiveResponse(SipMessageBuilder.Response(invite.Parse(), 180).Parse()));
        Assert.Equal([180], _owner.Responses);
    }

    [Fact]
    public void TimerA_RetransmitsOnTheClockAndTimerBReportsTimeout()
    {
        var invite = Invite();
        var transaction = _f.StartClient(invite, Next, _owner);

        _f.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, _f.Sender.RequestsWith(SipMethod.Invite).Count);
        _f.Time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(3, _f.Sender.RequestsWith(SipMethod.Invite).Count);
        _f.Time.AdvanceInSteps(TimeSpan.FromSeconds(30.5));

        Assert.Equal(7, _f.Sender.RequestsWith(SipMethod.Invite).Count);
        Assert.Equal([TransactionFailure.Timeout], _owner.Failures);
        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(0, _f.Layer.ClientCount);
    }

    [Fact]
    public void Reliable_NoRetransmissionAndTimerBAt64T1()
    {
        var invite = Invite("TCP");
        _f.StartClient(invite, TransactionLayerFixture.TcpFrom("198.51.100.20:5060"), _owner);

        _f.Time.Advance(TimeSpan.FromSeconds(31.9));
        Assert.Single(_f.Sender.Sent);
        Assert.Empty(_owner.Failures);
        _f.Time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal([TransactionFailure.Timeout], _owner.Failures);
    }

    [Fact]
    public void ProvisionalThenBusy_AcksTheFinalHopByHopAndDeliversItOnce()
    {
        var invite = Invite();
        _f.StartClient(invite, Next, _owner);
        Answer(invite, 180);

        var busy = SipMessageBuilder.Response(invite.Parse(), 486);
        _f.Layer.ReceiveResponse(busy.Parse());
        _f.Layer.ReceiveResponse(busy.Parse());

        Assert.Equal([180, 486], _owner.Responses);
        var acks = _f.Sender.RequestsWith(SipMethod.Ack);
        Assert.Equal(2, acks.Count);
        var ack = acks[0].Message;
        Assert.Equal(Next, acks[0].Destination);
        Assert.Equal(invite.Branch, Encoding.ASCII.GetString(ack.TopVia.Branch.Span));
        Assert.Equal("uas-tag", Encoding.ASCII.GetString(ack.To.Tag.Span));
        Assert.Equal(1u, ack.CSeq.Number);
        Assert.Equal("sip:bob@198.51.100.20:5060", Encoding.ASCII.GetString(ack.RequestUri));
    }

    [Fact]
    public void TimerD_KeepsACompletedUdpTransactionFor32Seconds()
    {
        var invite = Invite();
        _f.StartClient(invite, Next, _owner);
        Answer(invite, 404);

        _f.Time.Advance(TimeSpan.FromSeconds(31.9));
        Assert.Equal(1, _f.Layer.ClientCount);
        _f.Time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(0, _f.Layer.ClientCount);
        Assert.Empty(_owner.Failures);
    }

    [Fact]
    public void Success_IsDeliveredWithoutAckAndRetransmittedSuccessAgainUntilTimerM()
    {
        var invite = Invite();
        _f.StartClient(invite, Next, _owner);

        Answer(invite, 200);
        Answer(invite, 200);

        Assert.Equal([200, 200], _owner.Responses);
        Assert.Empty(_f.Sender.RequestsWith(SipMethod.Ack));
        _f.Time.Advance(64 * _f.Timers.T1);
        Assert.Equal(0, _f.Layer.ClientCount);
        Assert.False(_f.Layer.ReceiveResponse(SipMessageBuilder.Response(invite.Parse(), 200).Parse()));
    }

    [Fact]
    public void NonInvite_TimerERetransmitsAndTimerKEndsAfterFinal()
    {
        var options = SipMessageBuilder.Request("OPTIONS", "sip:198.51.100.20:5060", sentBy: "192.0.2.1:5060");
        _f.StartClient(options, Next, _owner);
        _f.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, _f.Sender.RequestsWith(SipMethod.Options).Count);

        Answer(options, 200);
        _f.Time.Advance(_f.Timers.T4 - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _f.Layer.ClientCount);
        _f.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(0, _f.Layer.ClientCount);
        Assert.Equal(2, _f.Sender.RequestsWith(SipMethod.Options).Count);
        Assert.Equal([200], _owner.Responses);
    }

    [Fact]
    public void NonInvite_TimerFReportsTimeout()
    {
        var options = SipMessageBuilder.Request("OPTIONS", "sip:198.51.100.20:5060", sentBy: "192.0.2.1:5060");
        _f.StartClient(options, Next, _owner);

        _f.Time.AdvanceInSteps(64 * _f.Timers.T1);

        Assert.Equal([TransactionFailure.Timeout], _owner.Failures);
        Assert.Equal(11, _f.Sender.RequestsWith(SipMethod.Options).Count);
    }

    [Fact]
    public void ImmediateSendFailure_ReportsTransportErrorAndEndsTheTransaction()
    {
        _f.Sender.FailWith = SendOutcome.ConnectFailed;

        var transaction = _f.StartClient(Invite("TCP"), TransactionLayerFixture.TcpFrom("198.51.100.20:5060"), _owner);

        Assert.Equal([TransactionFailure.TransportError], _owner.Failures);
        Assert.Equal(TransactionState.Terminated, transaction.State);
        Assert.Equal(0, _f.Layer.ClientCount);
    }

    [Fact]
    public void PendingSendThatFailsLater_ReportsTransportError()
    {
        _f.Sender.FailWith = SendOutcome.Pending;
        _f.StartClient(Invite("TCP"), TransactionLayerFixture.TcpFrom("198.51.100.20:5060"), _owner);
        Assert.Empty(_owner.Failures);

        _f.Sender.Last.Observer!.OnSendFailed(SendOutcome.ConnectFailed);

        Assert.Equal([TransactionFailure.TransportError], _owner.Failures);
        Assert.Equal(0, _f.Layer.ClientCount);
    }

    [Fact]
    public void FailedAckOverTcp_StillDeliversTheFinalAndEndsTheTransaction()
    {
        var invite = Invite("TCP");
        _f.StartClient(invite, TransactionLayerFixture.TcpFrom("198.51.100.20:5060"), _owner);
        _f.Sender.FailWith = SendOutcome.ConnectionClosed;

        Answer(invite, 486);

        Assert.Equal([486], _owner.Responses);
        Assert.Equal(0, _f.Layer.ClientCount);
    }

    [Fact]
    public void Abandon_RemovesTheTransactionAndStopsItsTimers()
    {
        var invite = Invite();
        var transaction = _f.StartClient(invite, Next, _owner);

        transaction.Abandon();
        _f.Time.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(0, _f.Layer.ClientCount);
        Assert.Single(_f.Sender.Sent);
        Assert.Empty(_owner.Failures);
    }
}
