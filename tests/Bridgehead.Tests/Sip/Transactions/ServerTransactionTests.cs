using System.Net;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Testing;
using Bridgehead.Testing.Sip;

namespace Bridgehead.Tests.Sip.Transactions;

/// <summary>Server transactions in the layer: matching (§17.2.3), replay, ACK absorption, timers on the clock.</summary>
public sealed class ServerTransactionTests : IDisposable
{
    private readonly TransactionLayerFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static SipMessageBuilder Invite(string sentBy = "198.51.100.10:5060", string transport = "UDP") =>
        SipMessageBuilder.Request("INVITE", "sip:bob@example.com", sentBy: sentBy, transport: transport);

    [Fact]
    public void ReceiveRequest_NewInvite_CreatesTransactionInProceeding()
    {
        var disposition = _f.Receive(Invite(), TransactionLayerFixture.UdpFrom("198.51.100.10:5060"), out var transaction);

        Assert.Equal(RequestDisposition.New, disposition);
        Assert.NotNull(transaction);
        Assert.Equal(TransactionState.Proceeding, transaction.State);
        Assert.Equal(1, _f.Layer.ServerCount);
    }

    [Fact]
    public void ReceiveRequest_RetransmissionBeforeAnyResponse_IsAbsorbed()
    {
        var invite = Invite();
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(invite, source, out var first);

        var disposition = _f.Receive(invite, source, out var again);

        Assert.Equal(RequestDisposition.Retransmission, disposition);
        Assert.Same(first, again);
        Assert.Empty(_f.Sender.Sent);
    }

    [Fact]
    public void ReceiveRequest_RetransmissionAfterResponse_IsAnsweredWithTheLastResponse()
    {
        var invite = Invite();
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(invite, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 100, "Trying");
        TransactionLayerFixture.Respond(transaction!, 180, "Ringing");

        _f.Receive(invite, source, out _);

        var sent = _f.Sender.Sent;
        Assert.Equal(3, sent.Count);
        Assert.Equal(180, sent[2].Status);
        Assert.Equal(sent[1].Data, sent[2].Data);
    }

    [Fact]
    public void ReceiveRequest_NonInviteRetransmissionAfterFinal_IsAnsweredWithTheFinal()
    {
        var options = SipMessageBuilder.Request("OPTIONS", "sip:bob@example.com");
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(options, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 200, "OK");

        Assert.Equal(RequestDisposition.Retransmission, _f.Receive(options, source, out _));

        Assert.Equal(2, _f.Sender.ResponsesWith(200).Count);
    }

    [Fact]
    public void ReceiveRequest_SameBranchFromAnotherSentBy_IsAnotherTransaction()
    {
        var invite = Invite();
        _f.Receive(invite, TransactionLayerFixture.UdpFrom("198.51.100.10:5060"), out var first);
        var other = invite.Clone().Set("Via", $"SIP/2.0/UDP 198.51.100.11:5060;branch={invite.Branch}");

        Assert.Equal(RequestDisposition.New, _f.Receive(other, TransactionLayerFixture.UdpFrom("198.51.100.11:5060"), out var second));
        Assert.NotSame(first, second);
    }

    [Fact]
    public void ResponseDestination_UdpWithRport_IsThePacketSource()
    {
        var invite = Invite(sentBy: "10.0.0.5:5060");
        _f.Receive(invite, TransactionLayerFixture.UdpFrom("203.0.113.9:40001"), out var transaction);

        TransactionLayerFixture.Respond(transaction!, 180, "Ringing");

        Assert.Equal(IPEndPoint.Parse("203.0.113.9:40001"), _f.Sender.Last.Destination.EndPoint);
        var via = _f.Sender.Last.Message.TopVia;
        Assert.Equal("203.0.113.9", System.Text.Encoding.ASCII.GetString(via.Received.Span));
        Assert.True(via.TryGetParameter("rport"u8, out var rport));
        Assert.Equal("40001", System.Text.Encoding.ASCII.GetString(rport.Span));
    }

    [Fact]
    public void ResponseDestination_UdpWithoutRport_IsTheSourceAddressAndTheViaPort()
    {
        var invite = Invite(sentBy: "10.0.0.5:5070").Set("Via", $"SIP/2.0/UDP 10.0.0.5:5070;branch={SipMessageBuilder.NewBranch()}");
        _f.Receive(invite, TransactionLayerFixture.UdpFrom("203.0.113.9:40001"), out var transaction);

        TransactionLayerFixture.Respond(transaction!, 180, "Ringing");

        Assert.Equal(IPEndPoint.Parse("203.0.113.9:5070"), _f.Sender.Last.Destination.EndPoint);
    }

    [Fact]
    public void ResponseDestination_Tcp_IsTheConnectionTheRequestCameOn()
    {
        var invite = Invite(transport: "TCP");
        _f.Receive(invite, TransactionLayerFixture.TcpFrom("198.51.100.10:40002", connectionId: 42), out var transaction);

        TransactionLayerFixture.Respond(transaction!, 180, "Ringing");

        Assert.Equal(42, _f.Sender.Last.Destination.ConnectionId);
        Assert.Equal(SipTransportKind.Tcp, _f.Sender.Last.Destination.Transport);
    }

    [Fact]
    public void AckOfNonSuccessFinal_IsAbsorbedAndTimerIEndsTheTransaction()
    {
        var invite = Invite();
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(invite, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 486, "Busy Here");
        var ack = AckFor(invite, transaction!);

        var disposition = _f.Layer.ReceiveRequest(SipMessageBuilder.ParseValid(ack), source, out _, out _);

        Assert.Equal(RequestDisposition.AckAbsorbed, disposition);
        Assert.Equal(TransactionState.Confirmed, transaction!.State);

        // A retransmitted ACK is absorbed too, and Timer G no longer retransmits the 486.
        Assert.Equal(RequestDisposition.AckAbsorbed, _f.Layer.ReceiveRequest(SipMessageBuilder.ParseValid(ack), source, out _, out _));
        _f.Time.Advance(_f.Timers.T4 - TimeSpan.FromMilliseconds(1));
        Assert.Single(_f.Sender.Sent);
        Assert.Equal(1, _f.Layer.ServerCount);
        _f.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _f.Layer.ServerCount);
    }

    [Fact]
    public void AckOfNonSuccessFinalOverTcp_EndsTheTransactionAtOnce()
    {
        var invite = Invite(transport: "TCP");
        var source = TransactionLayerFixture.TcpFrom("198.51.100.10:40002");
        _f.Receive(invite, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 486, "Busy Here");

        Assert.Equal(RequestDisposition.AckAbsorbed, _f.Layer.ReceiveRequest(SipMessageBuilder.ParseValid(AckFor(invite, transaction!)), source, out _, out _));

        Assert.Equal(0, _f.Layer.ServerCount);
    }

    [Fact]
    public void AckMatchingNothing_IsStray()
    {
        var ack = SipMessageBuilder.Request("ACK", "sip:bob@198.51.100.20:5060");

        Assert.Equal(RequestDisposition.StrayAck, _f.Receive(ack, TransactionLayerFixture.UdpFrom("198.51.100.10:5060"), out var transaction));
        Assert.Null(transaction);
    }

    [Fact]
    public void AckWithTheInviteBranchAfterSuccess_IsPassedUp()
    {
        var invite = Invite();
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(invite, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 200, "OK");

        // RFC 6026 §7.1: in Accepted the ACK (of a 2xx) belongs to the transaction user.
        Assert.Equal(RequestDisposition.StrayAck, _f.Layer.ReceiveRequest(SipMessageBuilder.ParseValid(AckFor(invite, transaction!)), source, out _, out _));
    }

    [Fact]
    public void TimerG_RetransmitsTheFinalAndTimerHEndsTheTransaction()
    {
        var invite = Invite();
        _f.Receive(invite, TransactionLayerFixture.UdpFrom("198.51.100.10:5060"), out var transaction);
        TransactionLayerFixture.Respond(transaction!, 486, "Busy Here");

        _f.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, _f.Sender.ResponsesWith(486).Count);
        _f.Time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(3, _f.Sender.ResponsesWith(486).Count);
        for (var i = 0; i < 64; i++)
        {
            _f.Time.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal(0, _f.Layer.ServerCount);
        Assert.Equal(TransactionState.Terminated, transaction!.State);

        // 0.5 1.5 3.5 7.5 11.5 … 31.5: ten retransmissions, then H at 32 s.
        Assert.Equal(11, _f.Sender.ResponsesWith(486).Count);
    }

    [Fact]
    public void TimerL_EndsAnAcceptedTransactionAfter64T1()
    {
        _f.Receive(Invite(), TransactionLayerFixture.UdpFrom("198.51.100.10:5060"), out var transaction);
        TransactionLayerFixture.Respond(transaction!, 200, "OK");

        _f.Time.Advance((64 * _f.Timers.T1) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _f.Layer.ServerCount);
        _f.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(0, _f.Layer.ServerCount);
        Assert.Single(_f.Sender.Sent);
    }

    [Fact]
    public void TimerJ_KeepsAUdpNonInviteFor64T1AndTcpNotAtAll()
    {
        _f.Receive(SipMessageBuilder.Request("OPTIONS", "sip:bob@example.com"), TransactionLayerFixture.UdpFrom("198.51.100.10:5060"), out var udp);
        _f.Receive(SipMessageBuilder.Request("OPTIONS", "sip:bob@example.com", transport: "TCP"), TransactionLayerFixture.TcpFrom("198.51.100.10:40002"), out var tcp);
        TransactionLayerFixture.Respond(udp!, 200, "OK");
        TransactionLayerFixture.Respond(tcp!, 200, "OK");

        Assert.Equal(1, _f.Layer.ServerCount);
        _f.Time.Advance((64 * _f.Timers.T1) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _f.Layer.ServerCount);
        _f.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _f.Layer.ServerCount);
    }

    [Fact]
    public void Cancel_WithTheInviteBranch_FindsTheInviteTransaction()
    {
        var invite = Invite();
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(invite, source, out var inviteTransaction);
        var cancel = SipMessageBuilder.ParseValid(SipRequests.CancelFor(invite.Parse()));

        var disposition = _f.Layer.ReceiveRequest(cancel, source, out var cancelTransaction, out var cancelled);

        Assert.Equal(RequestDisposition.New, disposition);
        Assert.NotSame(inviteTransaction, cancelTransaction);
        Assert.Same(inviteTransaction, cancelled);
        Assert.Same(inviteTransaction, _f.Layer.FindInviteServer(cancel));
    }

    [Fact]
    public void Cancel_WithAnotherBranch_FindsNothing()
    {
        var invite = Invite();
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(invite, source, out _);
        var otherBranch = invite.Clone().Set("Via", $"SIP/2.0/UDP 198.51.100.10:5060;branch={SipMessageBuilder.NewBranch()}");
        var cancel = SipMessageBuilder.ParseValid(SipRequests.CancelFor(otherBranch.Parse()));

        Assert.Equal(RequestDisposition.New, _f.Layer.ReceiveRequest(cancel, source, out _, out var cancelled));
        Assert.Null(cancelled);
    }

    [Fact]
    public void Rfc2543_inv2543_RetransmissionMatchesWithoutMagicCookie()
    {
        var data = TestVectors.Read("rfc4475", "inv2543.dat");
        var source = TransactionLayerFixture.UdpFrom("192.0.2.5:5060");
        var first = _f.Layer.ReceiveRequest(SipMessageBuilder.ParseValid(data), source, out var transaction, out _);

        var again = _f.Layer.ReceiveRequest(SipMessageBuilder.ParseValid(data), source, out var matched, out _);

        Assert.Equal(RequestDisposition.New, first);
        Assert.Equal(RequestDisposition.Retransmission, again);
        Assert.Same(transaction, matched);
    }

    [Fact]
    public void Rfc2543_RequestsDifferingInCSeqOrRequestUri_AreDistinct()
    {
        var source = TransactionLayerFixture.UdpFrom("192.0.2.5:5060");
        var invite = Rfc2543Invite();
        _f.Receive(invite, source, out var first);

        Assert.Equal(RequestDisposition.New, _f.Receive(invite.Clone().Set("CSeq", "57 INVITE"), source, out var second));
        Assert.Equal(RequestDisposition.New, _f.Receive(invite.Clone().RequestUri("sip:carol@example.com"), source, out var third));
        Assert.NotSame(first, second);
        Assert.NotSame(first, third);
    }

    [Fact]
    public void Rfc2543_CancelAndAckMatchTheInvite()
    {
        var source = TransactionLayerFixture.UdpFrom("192.0.2.5:5060");
        var invite = Rfc2543Invite();
        _f.Receive(invite, source, out var transaction);
        var cancel = SipMessageBuilder.ParseValid(SipRequests.CancelFor(invite.Parse()));
        Assert.Equal(RequestDisposition.New, _f.Layer.ReceiveRequest(cancel, source, out _, out var cancelled));
        Assert.Same(transaction, cancelled);

        TransactionLayerFixture.Respond(transaction!, 487, "Request Terminated");
        var ack = AckFor(invite, transaction!);

        Assert.Equal(RequestDisposition.AckAbsorbed, _f.Layer.ReceiveRequest(SipMessageBuilder.ParseValid(ack), source, out _, out _));
    }

    [Fact]
    public void Rfc4475_badbranch_FallsBackToRfc2543Matching()
    {
        var data = TestVectors.Read("rfc4475", "badbranch.dat");
        var source = TransactionLayerFixture.UdpFrom("192.0.2.1:5060");

        Assert.Equal(RequestDisposition.New, _f.Layer.ReceiveRequest(SipMessageBuilder.ParseValid(data), source, out _, out _));
        Assert.Equal(RequestDisposition.Retransmission, _f.Layer.ReceiveRequest(SipMessageBuilder.ParseValid(data), source, out _, out _));
    }

    [Fact]
    public void PendingSendThatFails_EndsTheServerTransaction()
    {
        _f.Sender.FailWith = SendOutcome.Pending;
        _f.Receive(Invite(transport: "TCP"), TransactionLayerFixture.TcpFrom("198.51.100.10:40002"), out var transaction);
        TransactionLayerFixture.Respond(transaction!, 180, "Ringing");

        // A pending send that fails later reports back through the observer.
        _f.Sender.Last.Observer!.OnSendFailed(SendOutcome.ConnectionClosed);

        Assert.Equal(TransactionState.Terminated, transaction!.State);
        Assert.Equal(0, _f.Layer.ServerCount);
    }

    private static SipMessageBuilder Rfc2543Invite() =>
        SipMessageBuilder.Bare("INVITE", "sip:bob@example.com")
            .Add("Via", "SIP/2.0/UDP 192.0.2.5:5060")
            .Add("From", "<sip:alice@example.net>;tag=2543")
            .Add("To", "<sip:bob@example.com>")
            .Add("Call-ID", "rfc2543-call@192.0.2.5")
            .Add("CSeq", "56 INVITE");

    /// <summary>The ACK a UAC sends for the final response the transaction last sent (same branch, To of the response).</summary>
    private static byte[] AckFor(SipMessageBuilder invite, ServerTransaction transaction)
    {
        // The transaction lets go of its request after the final response; the UAC has its own copy.
        var response = SipMessageBuilder.ParseValid(SipResponses.Simple(invite.Parse(), transaction.LastStatus, "x", null, "srv"u8));
        return SipRequests.AckFor(invite.Parse(), response);
    }
}
