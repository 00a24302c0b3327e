namespace Bridgehead.Sip.Transactions.StateMachines;

/// <summary>The INVITE server transaction (RFC 3261 §17.2.1, Figure 7, with RFC 6026's Accepted state). Pure.</summary>
public sealed class ServerInviteStateMachine
{
    private readonly SipTimerOptions _timers;
    private readonly bool _reliable;
    private ReadOnlyMemory<byte> _lastResponse;
    private TimeSpan _interval;
    private DateTimeOffset _retransmitAt = DateTimeOffset.MaxValue;
    private DateTimeOffset _timeoutAt = DateTimeOffset.MaxValue;

    public ServerInviteStateMachine(SipTimerOptions timers, bool reliable)
    {
        _timers = timers;
        _reliable = reliable;
    }

    public TransactionState State { get; private set; } = TransactionState.Proceeding;

    /// <summary>The status of the last response sent (0 before any).</summary>
    public int LastStatus { get; private set; }

    public DateTimeOffset NextDeadline => _retransmitAt < _timeoutAt ? _retransmitAt : _timeoutAt;

    /// <summary>The transaction user sends a response.</summary>
    public TransactionStep SendResponse(int statusCode, ReadOnlyMemory<byte> response, DateTimeOffset now)
    {
        switch (State)
        {
            case TransactionState.Proceeding:
                LastStatus = statusCode;
                _lastResponse = response;
                if (statusCode < 200)
                {
                    return new TransactionStep(Send: response);
                }

                if (statusCode < 300)
                {
                    // RFC 6026 §7.1: Accepted; Timer L absorbs INVITE retransmissions meanwhile.
                    State = TransactionState.Accepted;
                    _lastResponse = default;
                    _timeoutAt = now + _timers.Timeout64T1;
                    return new TransactionStep(Send: response);
                }

                State = TransactionState.Completed;
                if (!_reliable)
                {
                    _interval = _timers.T1;
                    _retransmitAt = now + _interval;
                }

                _timeoutAt = now + _timers.Timeout64T1;
                return new TransactionStep(Send: response);

            case TransactionState.Accepted when statusCode is >= 200 and < 300:
                // A proxy forwards every 2xx it receives (RFC 6026 §7.1), retransmissions included.
                return new TransactionStep(Send: response);

            default:
                return TransactionStep.None;
        }
    }

    /// <summary>The INVITE arrived again: replay the last response, if any.</summary>
    public TransactionStep OnRequestRetransmission() => State switch
    {
        TransactionState.Proceeding or TransactionState.Completed when !_lastResponse.IsEmpty => new TransactionStep(Send: _lastResponse),
        _ => TransactionStep.None,
    };

    /// <summary>An ACK matched this transaction (only possible for a non-2xx final: RFC 3261 §17.2.3).</summary>
    public TransactionStep OnAck(DateTimeOffset now)
    {
        if (State != TransactionState.Completed)
        {
            return TransactionStep.None;
        }

        _retransmitAt = DateTimeOffset.MaxValue;
        if (_reliable)
        {
            State = TransactionState.Terminated;
            _timeoutAt = DateTimeOffset.MaxValue;
            return TransactionStep.Ended;
        }

        // Timer I: T4 on UDP, to absorb ACK retransmissions.
        State = TransactionState.Confirmed;
        _timeoutAt = now + _timers.T4;
        return TransactionStep.None;
    }

    public TransactionStep OnTimer(DateTimeOffset now)
    {
        if (State == TransactionState.Terminated)
        {
            return TransactionStep.None;
        }

        if (now >= _timeoutAt)
        {
            // Timer H firing in Completed means the ACK never came (§17.2.1); L and I end quietly.
            var failure = State == TransactionState.Completed ? TransactionFailure.Timeout : TransactionFailure.None;
            State = TransactionState.Terminated;
            _retransmitAt = _timeoutAt = DateTimeOffset.MaxValue;
            return new TransactionStep(Terminated: true, Failure: failure);
        }

        if (State == TransactionState.Completed && now >= _retransmitAt)
        {
            // Timer G: doubles up to T2.
            _interval = _interval * 2 < _timers.T2 ? _interval * 2 : _timers.T2;
            _retransmitAt = now + _interval;
            return new TransactionStep(Send: _lastResponse);
        }

        return TransactionStep.None;
    }

    public TransactionStep OnTransportError()
    {
        State = TransactionState.Terminated;
        _retransmitAt = _timeoutAt = DateTimeOffset.MaxValue;
        return new TransactionStep(Terminated: true, Failure: TransactionFailure.TransportError);
    }
}
