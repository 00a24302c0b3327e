using Bridgehead.Sip.Transactions;
using Bridgehead.Sip.Transactions.StateMachines;

namespace Bridgehead.Tests.Sip.Transactions.StateMachines;

/// <summary>RFC 3261 §17.1.2 (Figure 6): timers E, F and K.</summary>
public sealed class ClientNonInviteStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Options = "OPTIONS"u8.ToArray();
    private readonly SipTimerOptions _timers = new();

    [Fact]
    public void TimerE_InTrying_DoublesUpToT2ThenTimerFFiresAt64T1()
    {
        var machine = new ClientNonInviteStateMachine(_timers, reliable: false, Options);
        Assert.Equal(Options, machine.Start(T0).Send.ToArray());
        var retransmittedAt = new List<double>();
        TransactionStep step;
        do
        {
            var now = machine.NextDeadline;
            step = machine.OnTimer(now);
            if (!step.Send.IsEmpty)
            {
                retransmittedAt.Add((now - T0).TotalSeconds);
            }
        }
        while (!step.Terminated);

        // Intervals 0.5, 1, 2, 4, then T2 = 4 s each time until F at 32 s.
        Assert.Equal([0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], retransmittedAt);
        Assert.Equal(TransactionFailure.Timeout, step.Failure);
        Assert.Equal(TransactionState.Terminated, machine.State);
    }

    [Fact]
    public void TimerE_WithSmallT2_IsCappedAtT2()
    {
        var timers = new SipTimerOptions { T1 = TimeSpan.FromMilliseconds(500), T2 = TimeSpan.FromSeconds(1) };
        var machine = new ClientNonInviteStateMachine(timers, reliable: false, Options);
        machine.Start(T0);

        var first = machine.NextDeadline;
        machine.OnTimer(first);
        var second = machine.NextDeadline;
        machine.OnTimer(second);
        var third = machine.NextDeadline;

        Assert.Equal(TimeSpan.FromMilliseconds(500), first - T0);
        Assert.Equal(TimeSpan.FromSeconds(1), second - first);
        Assert.Equal(TimeSpan.FromSeconds(1), third - second);
    }

    [Fact]
    public void TimerE_InProceeding_RetransmitsEveryT2()
    {
        var machine = new ClientNonInviteStateMachine(_timers, reliable: false, Options);
        machine.Start(T0);
        var provisionalAt = T0 + TimeSpan.FromMilliseconds(100);
        Assert.True(machine.OnResponse(100, provisionalAt).Deliver);
        Assert.Equal(TransactionState.Proceeding, machine.State);

        // The pending E (at 0.5 s) still fires; from then on the interval is T2.
        var first = machine.NextDeadline;
        Assert.False(machine.OnTimer(first).Send.IsEmpty);
        var second = machine.NextDeadline;
        Assert.False(machine.OnTimer(second).Send.IsEmpty);

        Assert.Equal(_timers.T2, second - first);
        Assert.Equal(_timers.T2, machine.NextDeadline - second);
    }

    [Fact]
    public void Start_Reliable_ArmsOnlyTimerF()
    {
        var machine = new ClientNonInviteStateMachine(_timers, reliable: true, Options);
        machine.Start(T0);

        Assert.Equal(T0 + (64 * _timers.T1), machine.NextDeadline);
        var step = machine.OnTimer(machine.NextDeadline);
        Assert.True(step.Send.IsEmpty);
        Assert.Equal(TransactionFailure.Timeout, step.Failure);
    }

    [Fact]
    public void TimerF_InProceeding_StillTimesOut()
    {
        var machine = new ClientNonInviteStateMachine(_timers, reliable: true, Options);
        machine.Start(T0);
        machine.OnResponse(100, T0);

        var step = machine.OnTimer(T0 + (64 * _timers.T1));

        Assert.True(step.Terminated);
        Assert.Equal(TransactionFailure.Timeout, step.Failure);
    }

    [Fact]
    public void OnResponse_FinalOverUdp_DeliversAndArmsTimerKAtT4()
    {
        var machine = new ClientNonInviteStateMachine(_timers, reliable: false, Options);
        machine.Start(T0);
        var now = T0 + TimeSpan.FromSeconds(2);

        var step = machine.OnResponse(200, now);

        Assert.True(step.Deliver);
        Assert.False(step.Terminated);
        Assert.Equal(TransactionState.Completed, machine.State);
        Assert.Equal(now + _timers.T4, machine.NextDeadline);

        // Retransmitted finals are absorbed; K ends the transaction quietly.
        Assert.Equal(TransactionStep.None, machine.OnResponse(200, now + TimeSpan.FromSeconds(1)));
        var end = machine.OnTimer(now + _timers.T4);
        Assert.True(end.Terminated);
        Assert.Equal(TransactionFailure.None, end.Failure);
    }

    [Fact]
    public void OnResponse_FinalOverTcp_TerminatesAtOnce()
    {
        var machine = new ClientNonInviteStateMachine(_timers, reliable: true, Options);
        machine.Start(T0);

        var step = machine.OnResponse(404, T0);

        Assert.True(step.Deliver);
        Assert.True(step.Terminated);
        Assert.Equal(TransactionFailure.None, step.Failure);
    }

    [Fact]
    public void OnTransportError_InTrying_TerminatesWithTransportError()
    {
        var machine = new ClientNonInviteStateMachine(_timers, reliable: false, Options);
        machine.Start(T0);

        var step = machine.OnTransportError();

        Assert.True(step.Terminated);
        Assert.Equal(TransactionFailure.TransportError, step.Failure);
        Assert.Equal(DateTimeOffset.MaxValue, machine.NextDeadline);
    }
}
