using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Testing.Sip;

namespace Bridgehead.Tests.Sip.Transactions;

/// <summary>
/// Completed non-INVITE server transactions on UDP (RFC 3261 §17.2.2): the layer keeps only the
/// final response for Timer J and replays it from there.
/// </summary>
public sealed class CompletedResponsesTests : IDisposable
{
    private readonly TransactionLayerFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static SipMessageBuilder Register(string sentBy = "198.51.100.10:5060") =>
        SipMessageBuilder.Request("REGISTER", "sip:example.com", sentBy: sentBy);

    [Fact]
    public void Retransmission_AfterFinal_ReplaysTheSameBytesToTheSameDestination()
    {
        var register = Register().Set("Via", "SIP/2.0/UDP 198.51.100.10:5060;rport;branch=z9hG4bK-kept-1");
        var source = TransactionLayerFixture.UdpFrom("203.0.113.7:40123");
        _f.Receive(register, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 200, "OK");

        var disposition = _f.Receive(register, source, out var again);

        Assert.Equal(RequestDisposition.Retransmission, disposition);
        Assert.Null(again);
        var sent = _f.Sender.ResponsesWith(200);
        Assert.Equal(2, sent.Count);
        Assert.Equal(sent[0].Data, sent[1].Data);
        Assert.Equal(sent[0].Destination, sent[1].Destination);
        Assert.Equal("203.0.113.7:40123", sent[1].Destination.EndPoint.ToString());
    }

    [Fact]
    public void Retransmission_FromIPv6_IsAnsweredOnIPv6()
    {
        var register = Register("[2001:db8::10]:5060").Set("Via", "SIP/2.0/UDP [2001:db8::10]:5060;rport;branch=z9hG4bK-kept-v6");
        var source = TransactionLayerFixture.UdpFrom("[2001:db8::10]:5062");
        _f.Receive(register, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 200, "OK");

        _f.Receive(register, source, out _);

        var sent = _f.Sender.ResponsesWith(200);
        Assert.Equal(2, sent.Count);
        Assert.Equal("[2001:db8::10]:5062", sent[1].Destination.EndPoint.ToString());
        Assert.Equal(sent[0].Destination.ListenerId, sent[1].Destination.ListenerId);
    }

    [Fact]
    public void RequestAfterTimerJ_IsANewTransaction()
    {
        var register = Register();
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(register, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 200, "OK");

        _f.Time.Advance(64 * _f.Timers.T1);

        Assert.Equal(0, _f.Layer.ServerCount);
        Assert.Equal(RequestDisposition.New, _f.Receive(register, source, out var fresh));
        Assert.NotNull(fresh);
        Assert.Single(_f.Sender.ResponsesWith(200));
    }

    [Fact]
    public void TimerJ_ExpiresEachInTurn()
    {
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        var first = Register();
        var second = Register();
        _f.Receive(first, source, out var a);
        TransactionLayerFixture.Respond(a!, 200, "OK");
        _f.Time.Advance(TimeSpan.FromSeconds(10));
        _f.Receive(second, source, out var b);
        TransactionLayerFixture.Respond(b!, 200, "OK");

        _f.Time.Advance((64 * _f.Timers.T1) - TimeSpan.FromSeconds(10));

        Assert.Equal(1, _f.Layer.ServerCount);
        Assert.Equal(RequestDisposition.New, _f.Receive(first, source, out _));
        Assert.Equal(RequestDisposition.Retransmission, _f.Receive(second, source, out _));

        _f.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _f.Layer.ServerCount); // the first one's new transaction, still running
    }

    [Fact]
    public void ProvisionalThenFinal_KeepsTheFinal()
    {
        var options = SipMessageBuilder.Request("OPTIONS", "sip:bob@example.com");
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(options, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 100, "Trying");
        TransactionLayerFixture.Respond(transaction!, 404, "Not Found");

        _f.Receive(options, source, out _);

        Assert.Equal(2, _f.Sender.ResponsesWith(404).Count);
        Assert.Single(_f.Sender.ResponsesWith(100));
    }

    [Fact]
    public void SecondFinal_IsIgnoredAndTheFirstIsReplayed()
    {
        var options = SipMessageBuilder.Request("OPTIONS", "sip:bob@example.com");
        var source = TransactionLayerFixture.UdpFrom("198.51.100.10:5060");
        _f.Receive(options, source, out var transaction);
        TransactionLayerFixture.Respond(transaction!, 200, "OK");
        transaction!.SendResponse(500, "SIP/2.0 500 Late\r\n\r\n"u8.ToArray());

        _f.Receive(options, source, out _);

        Assert.Equal(2, _f.Sender.ResponsesWith(200).Count);
        Assert.Empty(_f.Sender.ResponsesWith(500));
        Assert.Equal(1, _f.Layer.ServerCount);
        Assert.Equal(1, _f.Layer.PendingTimers); // the kept responses' Timer J only, not the handed-over transaction
    }
}
