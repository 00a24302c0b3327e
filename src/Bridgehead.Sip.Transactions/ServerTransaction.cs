using Bridgehead.Sip;
using Bridgehead.Sip.Transactions.StateMachines;

namespace Bridgehead.Sip.Transactions;

/// <summary>
/// A server transaction at run time: the request, where it came from, where its responses go
/// (RFC 3261 §18.2.2 with RFC 3581), and the state machine that replays responses to
/// retransmitted requests and absorbs the ACK of a non-2xx final response.
/// </summary>
public sealed class ServerTransaction : ISendFailureObserver, IScheduled
{
    private readonly TransactionLayer _layer;
    private readonly ServerInviteStateMachine? _invite;
    private readonly ServerNonInviteStateMachine? _nonInvite;
    private readonly Lock _lock = new();
    private DateTimeOffset _scheduledFor = DateTimeOffset.MaxValue;
    private int _timerVersion;
    private bool _handedOver; // the layer keeps the final response (CompletedResponses); not timed here

    internal ServerTransaction(TransactionLayer layer, TransactionKey key, SipMessage request, in SipDestination source)
    {
        _layer = layer;
        Key = key;
        _request = request;
        Source = source;
        ResponseDestination = source.IsReliable
            ? source
            : source with { EndPoint = ViaReceived.ResponseDestination(request.TopVia, source.EndPoint) };
        if (request.Method == SipMethod.Invite)
        {
            _invite = new ServerInviteStateMachine(layer.Timers, source.IsReliable);
        }
        else
        {
            _nonInvite = new ServerNonInviteStateMachine(layer.Timers, source.IsReliable);
        }
    }

    internal TransactionKey Key { get; }

    private SipMessage? _request;

    /// <summary>
    /// The request. Available until the final response is sent; after that the transaction only
    /// needs its key and that response (to replay it), and lets the message go.
    /// </summary>
    public SipMessage Request => _request ?? throw new InvalidOperationException("the request was released after the final response");

    /// <summary>Where the request came from (transport, address, connection, listener).</summary>
    public SipDestination Source { get; }

    /// <summary>Where responses go: the connection the request came on, or the rport/Via address for UDP.</summary>
    public SipDestination ResponseDestination { get; }

    public object? UserState { get; set; }

    public TransactionState State
    {
        get
        {
            lock (_lock)
            {
                return _invite?.State ?? _nonInvite!.State;
            }
        }
    }

    /// <summary>The status of the last response sent (0 before any).</summary>
    public int LastStatus
    {
        get
        {
            lock (_lock)
            {
                return _invite?.LastStatus ?? _nonInvite!.LastStatus;
            }
        }
    }

    /// <summary>Whether a final response has been sent.</summary>
    public bool HasFinalResponse => LastStatus >= 200;

    /// <summary>Sends a response through the state machine (it keeps it for retransmissions).</summary>
    public void SendResponse(int statusCode, ReadOnlyMemory<byte> response)
    {
        TransactionStep step;
        bool handOver;
        lock (_lock)
        {
            var now = _layer.Time.GetUtcNow();
            step = _invite?.SendResponse(statusCode, response, now) ?? _nonInvite!.SendResponse(statusCode, response, now);

            // A non-INVITE final on UDP: for Timer J the layer keeps only this response, not this
            // object (see CompletedResponses), so it is not scheduled here.
            handOver = _nonInvite is { State: TransactionState.Completed } && !step.Send.IsEmpty;
            if (!handOver && !_handedOver)
            {
                Schedule(now);
            }

            if (statusCode >= 200)
            {
                _request = null;
            }
        }

        Act(step);
        if (handOver)
        {
            var kept = _layer.Complete(this, response);
            lock (_lock)
            {
                // Once handed over, a late response (discarded by the state machine) must not put
                // this object back on the timer queue for Timer J.
                _handedOver = kept;
                if (!kept)
                {
                    Schedule(_layer.Time.GetUtcNow());
                }
            }
        }
    }

    public void OnSendFailed(SendOutcome outcome)
    {
        TransactionStep step;
        lock (_lock)
        {
            step = _invite?.OnTransportError() ?? _nonInvite!.OnTransportError();
            Schedule(_layer.Time.GetUtcNow());
        }

        Act(step);
    }

    internal void OnRetransmission()
    {
        TransactionStep step;
        lock (_lock)
        {
            step = _invite?.OnRequestRetransmission() ?? _nonInvite!.OnRequestRetransmission();
        }

        _layer.Metrics.Absorbed();
        Act(step);
    }

    /// <summary>An ACK matched: absorbed when it acknowledges a non-2xx final; returns false when it is not ours to absorb.</summary>
    internal bool OnAck()
    {
        TransactionStep step;
        lock (_lock)
        {
            if (_invite is null || _invite.State is not (TransactionState.Completed or TransactionState.Confirmed))
            {
                return false;
            }

            var now = _layer.Time.GetUtcNow();
            step = _invite.OnAck(now);
            Schedule(now);
        }

        Act(step);
        return true;
    }

    private void OnTimer()
    {
        TransactionStep step;
        lock (_lock)
        {
            var now = _layer.Time.GetUtcNow();
            step = _invite?.OnTimer(now) ?? _nonInvite!.OnTimer(now);
            Schedule(now);
        }

        if (!step.Send.IsEmpty)
        {
            _layer.Metrics.Retransmitted(client: false);
        }

        Act(step);
    }

    private void Schedule(DateTimeOffset now)
    {
        var deadline = _invite?.NextDeadline ?? _nonInvite!.NextDeadline;
        if (deadline == _scheduledFor)
        {
            return;
        }

        // A new deadline replaces the old one; the old queue entry is ignored when it comes up.
        _scheduledFor = deadline;
        var version = ++_timerVersion;
        if (deadline != DateTimeOffset.MaxValue)
        {
            _layer.Scheduler.Schedule(this, deadline, version);
        }
    }

    void IScheduled.OnDeadline(int version)
    {
        lock (_lock)
        {
            if (version != _timerVersion)
            {
                return;
            }

            _scheduledFor = DateTimeOffset.MaxValue;
        }

        OnTimer();
    }

    private void Act(in TransactionStep step)
    {
        if (!step.Send.IsEmpty)
        {
            var outcome = _layer.Sender.Send(ResponseDestination, step.Send, this);
            if (outcome is not (SendOutcome.Sent or SendOutcome.Pending))
            {
                _layer.Metrics.Failed(TransactionFailure.TransportError);
            }
        }

        if (step.Terminated)
        {
            lock (_lock)
            {
                _timerVersion++;
            }

            _layer.Remove(this);
        }
    }
}
