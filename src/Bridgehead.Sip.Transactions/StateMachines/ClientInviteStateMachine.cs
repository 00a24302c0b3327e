namespace Bridgehead.Sip.Transactions.StateMachines;

/// <summary>
/// The INVITE client transaction (RFC 3261 §17.1.1, Figure 5, with RFC 6026's Accepted state).
/// Pure: events and the time go in, a <see cref="TransactionStep"/> comes out; the caller owns
/// the clock and the transport.
/// </summary>
public sealed class ClientInviteStateMachine
{
    private readonly SipTimerOptions _timers;
    private readonly bool _reliable;
    private ReadOnlyMemory<byte> _request;
    private ReadOnlyMemory<byte> _ack;
    private TimeSpan _interval;
    private DateTimeOffset _retransmitAt = DateTimeOffset.MaxValue;
    private DateTimeOffset _timeoutAt = DateTimeOffset.MaxValue;

    public ClientInviteStateMachine(SipTimerOptions timers, bool reliable, ReadOnlyMemory<byte> request)
    {
        _timers = timers;
        _reliable = reliable;
        _request = request;
    }

    public TransactionState State { get; private set; } = TransactionState.Calling;

    /// <summary>The highest status code delivered so far (0 before any response).</summary>
    public int LastStatus { get; private set; }

    public DateTimeOffset NextDeadline => _retransmitAt < _timeoutAt ? _retransmitAt : _timeoutAt;

    /// <summary>True when a response with this status needs an ACK built by the caller (first non-2xx final).</summary>
    public bool NeedsAck(int statusCode) => statusCode >= 300 && State is TransactionState.Calling or TransactionState.Proceeding;

    /// <summary>Sends the INVITE: Timer A (UDP only) and Timer B start.</summary>
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

    /// <param name="statusCode">The response's status.</param>
    /// <param name="now">The time.</param>
    /// <param name="ack">The ACK when <see cref="NeedsAck"/> said so; otherwise ignored.</param>
    public TransactionStep OnResponse(int statusCode, DateTimeOffset now, ReadOnlyMemory<byte> ack = default)
    {
        switch (State)
        {
            case TransactionState.Calling or TransactionState.Proceeding:
                LastStatus = statusCode;
                if (statusCode < 200)
                {
                    // Timer A stops; Timer B only guards Calling (the proxy's Timer C takes over).
                    State = TransactionState.Proceeding;
                    _retransmitAt = DateTimeOffset.MaxValue;
                    _timeoutAt = DateTimeOffset.MaxValue;
                    return new TransactionStep(Deliver: true);
                }

                if (statusCode < 300)
                {
                    // RFC 6026 §8.4: Accepted; later 2xx (from other forks or retransmissions) still go up.
                    State = TransactionState.Accepted;
                    _request = default;
                    _retransmitAt = DateTimeOffset.MaxValue;
                    _timeoutAt = now + _timers.Timeout64T1;
                    return new TransactionStep(Deliver: true);
                }

                State = TransactionState.Completed;
                _request = default;
                _ack = ack;
                _retransmitAt = DateTimeOffset.MaxValue;
                if (_reliable)
                {
                    State = TransactionState.Terminated;
                    return new TransactionStep(Send: _ack, Deliver: true, Terminated: true);
                }

                _timeoutAt = now + _timers.TimerD;
                return new TransactionStep(Send: _ack, Deliver: true);

            case TransactionState.Completed:
                // A retransmitted final response: ACK again, do not pass it up.
                return statusCode >= 300 ? new TransactionStep(Send: _ack) : TransactionStep.None;

            case TransactionState.Accepted:
                return statusCode is >= 200 and < 300 ? new TransactionStep(Deliver: true) : TransactionStep.None;

            default:
                return TransactionStep.None;
        }
    }

    public TransactionStep OnTimer(DateTimeOffset now)
    {
        if (State == TransactionState.Terminated)
        {
            return TransactionStep.None;
        }

        if (now >= _timeoutAt)
        {
            var failure = State == TransactionState.Calling ? TransactionFailure.Timeout : TransactionFailure.None;
            State = TransactionState.Terminated;
            _retransmitAt = _timeoutAt = DateTimeOffset.MaxValue;
            return new TransactionStep(Terminated: true, Failure: failure);
        }

        if (State == TransactionState.Calling && now >= _retransmitAt)
        {
            // Timer A doubles without a cap for INVITE (RFC 3261 §17.1.1.2).
            _interval *= 2;
            _retransmitAt = now + _interval;
            return new TransactionStep(Send: _request);
        }

        return TransactionStep.None;
    }

    /// <summary>RFC 3261 §17.1.1.2: a transport error in Calling ends the transaction (the proxy treats it as 503).</summary>
    public TransactionStep OnTransportError()
    {
        if (State is TransactionState.Calling or TransactionState.Proceeding)
        {
            State = TransactionState.Terminated;
            _retransmitAt = _timeoutAt = DateTimeOffset.MaxValue;
            return new TransactionStep(Terminated: true, Failure: TransactionFailure.TransportError);
        }

        return TransactionStep.None;
    }
}
