namespace Bridgehead.Sip.Transactions.StateMachines;

/// <summary>The non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6). Pure.</summary>
public sealed class ClientNonInviteStateMachine
{
    private readonly SipTimerOptions _timers;
    private readonly bool _reliable;
    private ReadOnlyMemory<byte> _request;
    private TimeSpan _interval;
    private DateTimeOffset _retransmitAt = DateTimeOffset.MaxValue;
    private DateTimeOffset _timeoutAt = DateTimeOffset.MaxValue;

    public ClientNonInviteStateMachine(SipTimerOptions timers, bool reliable, ReadOnlyMemory<byte> request)
    {
        _timers = timers;
        _reliable = reliable;
        _request = request;
    }

    public TransactionState State { get; private set; } = TransactionState.Trying;

    public int LastStatus { get; private set; }

    public DateTimeOffset NextDeadline => _retransmitAt < _timeoutAt ? _retransmitAt : _timeoutAt;

    /// <summary>Sends the request: Timer E (UDP only) and Timer F start.</summary>
    public TransactionStep Start(DateTimeOffset now)
    {
        if (!_reliable)
        {
            _interval = _timers.T1;
            _retransmitAt = now + _interval;
        }

        _timeoutAt = now + _timers.Timeout64T1;
        return new TransactionStep(Send: _request);
    }

    public TransactionStep OnResponse(int statusCode, DateTimeOffset now)
    {
        if (State is not (TransactionState.Trying or TransactionState.Proceeding))
        {
            // Completed absorbs retransmitted finals.
            return TransactionStep.None;
        }

        LastStatus = statusCode;
        if (statusCode < 200)
        {
            State = TransactionState.Proceeding;
            return new TransactionStep(Deliver: true);
        }

        _retransmitAt = DateTimeOffset.MaxValue;
        _request = default;
        if (_reliable)
        {
            State = TransactionState.Terminated;
            _timeoutAt = DateTimeOffset.MaxValue;
            return new TransactionStep(Deliver: true, Terminated: true);
        }

        // Timer K: T4 on UDP, to absorb retransmitted responses.
        State = TransactionState.Completed;
        _timeoutAt = now + _timers.T4;
        return new TransactionStep(Deliver: true);
    }

    public TransactionStep OnTimer(DateTimeOffset now)
    {
        if (State == TransactionState.Terminated)
        {
            return TransactionStep.None;
        }

        if (now >= _timeoutAt)
        {
            var failure = State == TransactionState.Completed ? TransactionFailure.None : TransactionFailure.Timeout;
            State = TransactionState.Terminated;
            _retransmitAt = _timeoutAt = DateTimeOffset.MaxValue;
            return new TransactionStep(Terminated: true, Failure: failure);
        }

        if (now >= _retransmitAt)
        {
            // Timer E: doubles up to T2 in Trying, stays at T2 in Proceeding (RFC 3261 §17.1.2.2).
            _interval = State == TransactionState.Proceeding ? _timers.T2 : Min(_interval * 2, _timers.T2);
            _retransmitAt = now + _interval;
            return new TransactionStep(Send: _request);
        }

        return TransactionStep.None;
    }

    public TransactionStep OnTransportError()
    {
        if (State is TransactionState.Trying or TransactionState.Proceeding)
        {
            State = TransactionState.Terminated;
            _retransmitAt = _timeoutAt = DateTimeOffset.MaxValue;
            return new TransactionStep(Terminated: true, Failure: TransactionFailure.TransportError);
        }

        return TransactionStep.None;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
