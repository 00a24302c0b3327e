using Bridgehead.Sip.Transactions;
using Bridgehead.Sip.Transactions.StateMachines;

namespace Bridgehead.Tests.Sip.Transactions.StateMachines;

/// <summary>RFC 3261 §17.2.1 (Figure 7) with RFC 6026 §7.1: timers G, H, I and L.</summary>
public sealed class ServerInviteStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Trying = "100"u8.ToArray();
    private static readonly byte[] Ringing = "180"u8.ToArray();
    private static readonly byte[] Busy = "486"u8.ToArray();
    private static readonly byte[] Ok = "200"u8.ToArray();
    private readonly SipTimerOptions _timers = new();

    [Fact]
    public void New_IsProceedingAndAbsorbsRetransmissionsBeforeAnyResponse()
    {
        var machine = new ServerInviteStateMachine(_timers, reliable: false);

        Assert.Equal(TransactionState.Proceeding, machine.State);
        Assert.Equal(TransactionStep.None, machine.OnRequestRetransmission());
        Assert.Equal(DateTimeOffset.MaxValue, machine.NextDeadline);
    }

    [Fact]
    public void Proceeding_Retransmission_ReplaysTheLastProvisional()
    {
        var machine = new ServerInviteStateMachine(_timers, reliable: false);
        Assert.Equal(Trying, machine.SendResponse(100, Trying, T0).Send.ToArray());
        machine.SendResponse(180, Ringing, T0);

        Assert.Equal(Ringing, machine.OnRequestRetransmission().Send.ToArray());
        Assert.Equal(TransactionState.Proceeding, machine.State);
    }

    [Fact]
    public void TimerG_Udp_DoublesUpToT2UntilTimerHFiresAt64T1()
    {
        var machine = new ServerInviteStateMachine(_timers, reliable: false);
        Assert.Equal(Busy, machine.SendResponse(486, Busy, T0).Send.ToArray());
        Assert.Equal(TransactionState.Completed, machine.State);
        var retransmittedAt = new List<double>();
        TransactionStep step;
        do
        {
            var now = machine.NextDeadline;
            step = machine.OnTimer(now);
            if (!step.Send.IsEmpty)
            {
                Assert.Equal(Busy, step.Send.ToArray());
                retransmittedAt.Add((now - T0).TotalSeconds);
            }
        }
        while (!step.Terminated);

        Assert.Equal([0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], retransmittedAt);

        // H firing means the ACK never came.
        Assert.Equal(TransactionFailure.Timeout, step.Failure);
        Assert.Equal(TransactionState.Terminated, machine.State);
    }

    [Fact]
    public void NonSuccessFinal_Reliable_ArmsOnlyTimerH()
    {
        var machine = new ServerInviteStateMachine(_timers, reliable: true);
        machine.SendResponse(486, Busy, T0);

        Assert.Equal(T0 + (64 * _timers.T1), machine.NextDeadline);
        var step = machine.OnTimer(machine.NextDeadline);
        Assert.True(step.Send.IsEmpty);
        Assert.Equal(TransactionFailure.Timeout, step.Failure);
    }

    [Fact]
    public void Completed_Retransmission_ReplaysTheFinal()
    {
        var machine = new ServerInviteStateMachine(_timers, reliable: false);
        machine.SendResponse(180, Ringing, T0);
        machine.SendResponse(486, Busy, T0);

        Assert.Equal(Busy, machine.OnRequestRetransmission().Send.ToArray());
    }

    [Fact]
    public void OnAck_InCompletedOverUdp_ConfirmsAndArmsTimerIAtT4()
    {
        var machine = new ServerInviteStateMachine(_timers, reliable: false);
        machine.SendResponse(486, Busy, T0);
        var ackAt = T0 + TimeSpan.FromSeconds(1);

        var step = machine.OnAck(ackAt);

        Assert.Equal(TransactionStep.None, step);
        Assert.Equal(TransactionState.Confirmed, machine.State);
        Assert.Equal(ackAt + _timers.T4, machine.NextDeadline);

        // Confirmed absorbs further INVITE and ACK retransmissions; no more G.
        Assert.Equal(TransactionStep.None, machine.OnRequestRetransmission());
        Assert.Equal(TransactionStep.None, machine.OnAck(ackAt + TimeSpan.FromSeconds(1)));
        var end = machine.OnTimer(ackAt + _timers.T4);
        Assert.True(end.Terminated);
        Assert.Equal(TransactionFailure.None, end.Failure);
    }

    [Fact]
    public void OnAck_InCompletedOverTcp_TerminatesAtOnce()
    {
        var machine = new ServerInviteStateMachine(_timers, reliable: true);
        machine.SendResponse(404, Busy, T0);

        var step = machine.OnAck(T0);

        Assert.True(step.Terminated);
        Assert.Equal(TransactionState.Terminated, machine.State);
    }

    [Fact]
    public void Success_EntersAcceptedWithTimerLAndAbsorbsRetransmissions()
    {
        var machine = new ServerInviteStateMachine(_timers, reliable: false);
        machine.SendResponse(180, Ringing, T0);
        var now = T0 + TimeSpan.FromSeconds(2);

        var step = machine.SendResponse(200, Ok, now);

        Assert.Equal(Ok, step.Send.ToArray());
        Assert.Equal(TransactionState.Accepted, machine.State);
        Assert.Equal(now + (64 * _timers.T1), machine.NextDeadline);

        // RFC 6026 §7.1: the INVITE retransmission is absorbed (the UAS core retransmits the 2xx).
        Assert.Equal(TransactionStep.None, machine.OnRequestRetransmission());
    }

    [Fact]
    public void Accepted_FurtherSuccessIsSentAndNonSuccessIsNot()
    {
        var machine = new ServerInviteStateMachine(_timers, reliable: false);
        machine.SendResponse(200, Ok, T0);

        Assert.Equal(Ok, machine.SendResponse(200, Ok, T0 + TimeSpan.FromSeconds(1)).Send.ToArray());
        Assert.Equal(TransactionStep.None, machine.SendResponse(486, Busy, T0 + TimeSpan.FromSeconds(1)));
        Assert.Equal(TransactionStep.None, machine.SendResponse(180, Ringing, T0 + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void TimerL_Fires_TerminatesWithoutFailure()
    {
        var machine = new ServerInviteStateMachine(_timers, reliable: true);
        machine.SendResponse(200, Ok, T0);

        var step = machine.OnTimer(T0 + (64 * _timers.T1));

        Assert.True(step.Terminated);
        Assert.Equal(TransactionFailure.None, step.Failure);
    }

    [Fact]
    public void Completed_FurtherResponses_AreNotSent()
    {
        var machine = new ServerInviteStateMachine(_timers, reliable: false);
        machine.SendResponse(486, Busy, T0);

        Assert.Equal(TransactionStep.None, machine.SendResponse(200, Ok, T0));
        Assert.Equal(486, machine.LastStatus);
    }

    [Fact]
    public void OnAck_InProceeding_IsIgnored()
    {
        var machine = new ServerInviteStateMachine(_timers, reliable: false);
        machine.SendResponse(180, Ringing, T0);

        Assert.Equal(TransactionStep.None, machine.OnAck(T0));
        Assert.Equal(TransactionState.Proceeding, machine.State);
    }
}
