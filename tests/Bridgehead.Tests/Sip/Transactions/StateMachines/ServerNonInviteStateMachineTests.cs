using Bridgehead.Sip.Transactions;
using Bridgehead.Sip.Transactions.StateMachines;

namespace Bridgehead.Tests.Sip.Transactions.StateMachines;

/// <summary>RFC 3261 §17.2.2 (Figure 8): Trying, Proceeding, Completed and timer J.</summary>
public sealed class ServerNonInviteStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Trying = "100"u8.ToArray();
    private static readonly byte[] Ok = "200"u8.ToArray();
    private readonly SipTimerOptions _timers = new();

    [Fact]
    public void Trying_Retransmission_IsAbsorbed()
    {
        var machine = new ServerNonInviteStateMachine(_timers, reliable: false);

        Assert.Equal(TransactionState.Trying, machine.State);
        Assert.Equal(TransactionStep.None, machine.OnRequestRetransmission());
    }

    [Fact]
    public void Proceeding_Retransmission_ReplaysTheProvisional()
    {
        var machine = new ServerNonInviteStateMachine(_timers, reliable: false);
        machine.SendResponse(100, Trying, T0);

        Assert.Equal(TransactionState.Proceeding, machine.State);
        Assert.Equal(Trying, machine.OnRequestRetransmission().Send.ToArray());
    }

    [Fact]
    public void FinalOverUdp_CompletesReplaysAndTimerJEndsAt64T1()
    {
        var machine = new ServerNonInviteStateMachine(_timers, reliable: false);
        machine.SendResponse(100, Trying, T0);

        var step = machine.SendResponse(200, Ok, T0);

        Assert.Equal(Ok, step.Send.ToArray());
        Assert.False(step.Terminated);
        Assert.Equal(TransactionState.Completed, machine.State);
        Assert.Equal(T0 + (64 * _timers.T1), machine.NextDeadline);
        Assert.Equal(Ok, machine.OnRequestRetransmission().Send.ToArray());
        Assert.Equal(TransactionStep.None, machine.OnTimer(T0 + TimeSpan.FromSeconds(31)));

        var end = machine.OnTimer(machine.NextDeadline);
        Assert.True(end.Terminated);
        Assert.Equal(TransactionFailure.None, end.Failure);
    }

    [Fact]
    public void FinalOverTcp_TerminatesAtOnce()
    {
        var machine = new ServerNonInviteStateMachine(_timers, reliable: true);

        var step = machine.SendResponse(200, Ok, T0);

        Assert.Equal(Ok, step.Send.ToArray());
        Assert.True(step.Terminated);
        Assert.Equal(TransactionState.Terminated, machine.State);
    }

    [Fact]
    public void Completed_FurtherResponses_AreNotSent()
    {
        var machine = new ServerNonInviteStateMachine(_timers, reliable: false);
        machine.SendResponse(200, Ok, T0);

        Assert.Equal(TransactionStep.None, machine.SendResponse(500, "500"u8.ToArray(), T0));
        Assert.Equal(200, machine.LastStatus);
    }

    [Fact]
    public void OnTransportError_Terminates()
    {
        var machine = new ServerNonInviteStateMachine(_timers, reliable: false);
        machine.SendResponse(200, Ok, T0);

        var step = machine.OnTransportError();

        Assert.True(step.Terminated);
        Assert.Equal(TransactionFailure.TransportError, step.Failure);
    }
}
