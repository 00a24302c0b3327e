namespace Bridgehead.Sip.Transactions.StateMachines;

/// <summary>The non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8). Pure.</summary>
public sealed class ServerNonInviteStateMachine
{
    private readonly SipTimerOptions _timers;
    private readonly bool _reliable;
    private ReadOnlyMemory<byte> _lastResponse;
    private DateTimeOffset _timeoutAt = DateTimeOffset.MaxValue;

    public ServerNonInviteStateMachine(SipTimerOptions timers, bool reliable)
    {
        _timers = timers;
        _reliable = reliable;
    }

    public TransactionState State { get; private set; } = TransactionState.Trying;

    public int LastStatus { get; private set; }

    public DateTimeOffset NextDeadline => _timeoutAt;

    public TransactionStep SendResponse(int statusCode, ReadOnlyMemory<byte> response, DateTimeOffset now)
    {
        if (State is not (TransactionState.Trying or TransactionState.Proceeding))
        {
            return TransactionStep.None;
        }

        LastStatus = statusCode;
        _lastResponse = response;
        if (statusCode < 200)
        {
            State = TransactionState.Proceeding;
            return new TransactionStep(Send: response);
        }

        if (_reliable)
        {
            State = TransactionState.Terminated;
            return new TransactionStep(Send: response, Terminated: true);
        }

        // Timer J: 64·T1 on UDP, replaying the final response to retransmitted requests.
        State = TransactionState.Completed;
        _timeoutAt = now + _timers.Timeout64T1;
        return new TransactionStep(Send: response);
    }

    /// <summary>The request arrived again: absorbed in Trying, answered with the last response after.</summary>
    public TransactionStep OnRequestRetransmission() =>
        State is TransactionState.Proceeding or TransactionState.Completed ? new TransactionStep(Send: _lastResponse) : TransactionStep.None;

    public TransactionStep OnTimer(DateTimeOffset now)
    {
        if (State == TransactionState.Terminated || now < _timeoutAt)
        {
            return TransactionStep.None;
        }

        State = TransactionState.Terminated;
        _timeoutAt = DateTimeOffset.MaxValue;
        return TransactionStep.Ended;
    }

    public TransactionStep OnTransportError()
    {
        State = TransactionState.Terminated;
        _timeoutAt = DateTimeOffset.MaxValue;
        return new TransactionStep(Terminated: true, Failure: TransactionFailure.TransportError);
    }
}
