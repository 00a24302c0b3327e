using Bridgehead.Sip.Transactions;
using Bridgehead.Sip.Transactions.StateMachines;

namespace Bridgehead.Tests.Sip.Transactions.StateMachines;

/// <summary>RFC 3261 §17.1.1 (Figure 5) with RFC 6026 §8.4: timers A, B, D and M.</summary>
public sealed class ClientInviteStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Invite = "INVITE"u8.ToArray();
    private static readonly byte[] Ack = "ACK"u8.ToArray();
    private readonly SipTimerOptions _timers = new();

    [Fact]
    public void Start_Udp_SendsInviteAndArmsTimerAAtT1()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: false, Invite);

        var step = machine.Start(T0);

        Assert.Equal(Invite, step.Send.ToArray());
        Assert.Equal(TransactionState.Calling, machine.State);
        Assert.Equal(T0 + _timers.T1, machine.NextDeadline);
    }

    [Fact]
    public void TimerA_Udp_DoublesWithoutT2CapUntilTimerBFiresAt64T1()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: false, Invite);
        machine.Start(T0);
        var retransmittedAt = new List<TimeSpan>();
        TransactionStep step;
        do
        {
            var now = machine.NextDeadline;
            step = machine.OnTimer(now);
            if (!step.Send.IsEmpty)
            {
                Assert.Equal(Invite, step.Send.ToArray());
                retransmittedAt.Add(now - T0);
            }
        }
        while (!step.Terminated);

        // 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s: intervals T1·2^n, past T2 (INVITE has no cap), then B at 32 s.
        Assert.Equal([0.5, 1.5, 3.5, 7.5, 15.5, 31.5], retransmittedAt.Select(t => t.TotalSeconds));
        Assert.Equal(TransactionFailure.Timeout, step.Failure);
        Assert.Equal(TransactionState.Terminated, machine.State);
        Assert.Equal(DateTimeOffset.MaxValue, machine.NextDeadline);
    }

    [Fact]
    public void Start_Reliable_ArmsOnlyTimerB()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: true, Invite);
        machine.Start(T0);

        Assert.Equal(T0 + (64 * _timers.T1), machine.NextDeadline);
        var step = machine.OnTimer(machine.NextDeadline);

        Assert.True(step.Send.IsEmpty);
        Assert.True(step.Terminated);
        Assert.Equal(TransactionFailure.Timeout, step.Failure);
    }

    [Fact]
    public void OnTimer_BeforeDeadline_DoesNothing()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: false, Invite);
        machine.Start(T0);

        var step = machine.OnTimer(T0 + TimeSpan.FromMilliseconds(499));

        Assert.Equal(TransactionStep.None, step);
        Assert.Equal(TransactionState.Calling, machine.State);
    }

    [Fact]
    public void OnResponse_Provisional_DeliversAndStopsTimersAAndB()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: false, Invite);
        machine.Start(T0);

        var step = machine.OnResponse(180, T0 + TimeSpan.FromMilliseconds(100));

        Assert.True(step.Deliver);
        Assert.True(step.Send.IsEmpty);
        Assert.Equal(TransactionState.Proceeding, machine.State);
        Assert.Equal(180, machine.LastStatus);
        Assert.Equal(DateTimeOffset.MaxValue, machine.NextDeadline);
        Assert.Equal(TransactionStep.None, machine.OnTimer(T0 + TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void OnResponse_NonSuccessFinalOverUdp_SendsAckAndArmsTimerDAt32Seconds()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: false, Invite);
        machine.Start(T0);
        Assert.True(machine.NeedsAck(486));

        var now = T0 + TimeSpan.FromSeconds(1);
        var step = machine.OnResponse(486, now, Ack);

        Assert.Equal(Ack, step.Send.ToArray());
        Assert.True(step.Deliver);
        Assert.False(step.Terminated);
        Assert.Equal(TransactionState.Completed, machine.State);
        Assert.Equal(now + TimeSpan.FromSeconds(32), machine.NextDeadline);
        Assert.False(machine.NeedsAck(486));

        var end = machine.OnTimer(machine.NextDeadline);
        Assert.True(end.Terminated);
        Assert.Equal(TransactionFailure.None, end.Failure);
    }

    [Fact]
    public void TimerD_WithLargeT1_Is64T1()
    {
        var timers = new SipTimerOptions { T1 = TimeSpan.FromSeconds(1) };
        var machine = new ClientInviteStateMachine(timers, reliable: false, Invite);
        machine.Start(T0);

        machine.OnResponse(404, T0, Ack);

        Assert.Equal(T0 + TimeSpan.FromSeconds(64), machine.NextDeadline);
    }

    [Fact]
    public void OnResponse_NonSuccessFinalOverTcp_SendsAckAndTerminatesAtOnce()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: true, Invite);
        machine.Start(T0);

        var step = machine.OnResponse(603, T0, Ack);

        Assert.Equal(Ack, step.Send.ToArray());
        Assert.True(step.Deliver);
        Assert.True(step.Terminated);
        Assert.Equal(TransactionFailure.None, step.Failure);
        Assert.Equal(TransactionState.Terminated, machine.State);
    }

    [Fact]
    public void Completed_RetransmittedFinal_IsAckedAgainButNotDelivered()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: false, Invite);
        machine.Start(T0);
        machine.OnResponse(486, T0, Ack);

        var step = machine.OnResponse(486, T0 + TimeSpan.FromSeconds(1));

        Assert.Equal(Ack, step.Send.ToArray());
        Assert.False(step.Deliver);
        Assert.Equal(TransactionState.Completed, machine.State);
    }

    [Fact]
    public void OnResponse_Success_EntersAcceptedWithTimerM()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: false, Invite);
        machine.Start(T0);
        machine.OnResponse(180, T0);
        Assert.False(machine.NeedsAck(200));

        var now = T0 + TimeSpan.FromSeconds(3);
        var step = machine.OnResponse(200, now);

        Assert.True(step.Deliver);
        Assert.True(step.Send.IsEmpty);
        Assert.Equal(TransactionState.Accepted, machine.State);
        Assert.Equal(now + (64 * _timers.T1), machine.NextDeadline);
    }

    [Fact]
    public void Accepted_FurtherSuccessResponses_AreDeliveredAndOthersAbsorbed()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: false, Invite);
        machine.Start(T0);
        machine.OnResponse(200, T0);

        Assert.True(machine.OnResponse(200, T0 + TimeSpan.FromSeconds(1)).Deliver);
        Assert.Equal(TransactionStep.None, machine.OnResponse(486, T0 + TimeSpan.FromSeconds(1)));
        Assert.Equal(TransactionStep.None, machine.OnResponse(180, T0 + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void TimerM_Fires_TerminatesWithoutFailure()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: true, Invite);
        machine.Start(T0);
        machine.OnResponse(200, T0);

        var step = machine.OnTimer(T0 + (64 * _timers.T1));

        Assert.True(step.Terminated);
        Assert.Equal(TransactionFailure.None, step.Failure);
        Assert.Equal(TransactionStep.None, machine.OnResponse(200, T0 + TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void OnTransportError_InCalling_TerminatesWithTransportError()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: true, Invite);
        machine.Start(T0);

        var step = machine.OnTransportError();

        Assert.True(step.Terminated);
        Assert.Equal(TransactionFailure.TransportError, step.Failure);
    }

    [Fact]
    public void OnTransportError_InCompleted_IsIgnored()
    {
        var machine = new ClientInviteStateMachine(_timers, reliable: false, Invite);
        machine.Start(T0);
        machine.OnResponse(486, T0, Ack);

        Assert.Equal(TransactionStep.None, machine.OnTransportError());
        Assert.Equal(TransactionState.Completed, machine.State);
    }
}
