using Bridgehead.Sip;
using Bridgehead.Sip.Transactions.StateMachines;

namespace Bridgehead.Sip.Transactions;

/// <summary>
/// A client transaction at run time: one of the pure state machines, its timer on the layer's
/// <see cref="TimeProvider"/>, the destination, and the owner that hears responses and failures.
/// Events are serialised by a lock; sending and calling the owner happen outside it.
/// </summary>
public sealed class ClientTransaction : ISendFailureObserver, IScheduled
{
    private readonly TransactionLayer _layer;
    private readonly IClientTransactionOwner _owner;
    private readonly ClientInviteStateMachine? _invite;
    private readonly ClientNonInviteStateMachine? _nonInvite;
    private readonly Lock _lock = new();
    private DateTimeOffset _scheduledFor = DateTimeOffset.MaxValue;
    private int _timerVersion;
    private SipMessage? _parsedRequest;

    internal ClientTransaction(
        TransactionLayer layer,
        TransactionKey key,
        SipMethod method,
        ReadOnlyMemory<byte> request,
        in SipDestination destination,
        IClientTransactionOwner owner)
    {
        _layer = layer;
        _owner = owner;
        Key = key;
        Method = method;
        Request = request;
        Destination = destination;
        if (method == SipMethod.Invite)
        {
            _invite = new ClientInviteStateMachine(layer.Timers, destination.IsReliable, request);
        }
        else
        {
            _nonInvite = new ClientNonInviteStateMachine(layer.Timers, destination.IsReliable, request);
        }
    }

    internal TransactionKey Key { get; }

    public SipMethod Method { get; }

    /// <summary>The request as sent (empty once a final response arrived: nothing needs it then).</summary>
    public ReadOnlyMemory<byte> Request { get; private set; }

    public SipDestination Destination { get; }

    public ReadOnlyMemory<byte> Branch => Key.Branch;

    /// <summary>Whatever the owner wants to keep with the transaction (a proxy branch, a probe).</summary>
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

    /// <summary>The highest status received so far (0 before any response).</summary>
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

    /// <summary>The request parsed (for building ACK and CANCEL from it).</summary>
    public SipMessage ParsedRequest
    {
        get
        {
            if (_parsedRequest is null)
            {
                var parsed = SipMessage.Parse(Request).Message ?? throw new InvalidOperationException("a request this server built does not parse");
                parsed.Validate();
                _parsedRequest = parsed;
            }

            return _parsedRequest;
        }
    }

    internal void Start()
    {
        TransactionStep step;
        lock (_lock)
        {
            var now = _layer.Time.GetUtcNow();
            step = _invite?.Start(now) ?? _nonInvite!.Start(now);
            Schedule(now);
        }

        Act(step, null);
    }

    internal void OnResponse(SipMessage response)
    {
        TransactionStep step;
        lock (_lock)
        {
            var now = _layer.Time.GetUtcNow();
            if (_invite is not null)
            {
                var ack = _invite.NeedsAck(response.StatusCode) ? SipRequests.AckFor(ParsedRequest, response) : default;
                step = _invite.OnResponse(response.StatusCode, now, ack);
            }
            else
            {
                step = _nonInvite!.OnResponse(response.StatusCode, now);
            }

            Schedule(now);
            if (response.StatusCode >= 200)
            {
                // The state machine keeps what it needs (the ACK); the request can go.
                Request = default;
                _parsedRequest = null;
            }
        }

        Act(step, response);
    }

    /// <summary>Ends the transaction early (the owner gave up on it, e.g. after a CANCEL nobody answered).</summary>
    public void Abandon()
    {
        lock (_lock)
        {
            _timerVersion++;
        }

        _layer.Remove(this);
    }

    public void OnSendFailed(SendOutcome outcome)
    {
        TransactionStep step;
        lock (_lock)
        {
            step = _invite?.OnTransportError() ?? _nonInvite!.OnTransportError();
            Schedule(_layer.Time.GetUtcNow());
        }

        Act(step, null);
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
            _layer.Metrics.Retransmitted(client: true);
        }

        Act(step, null);
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

    private void Act(in TransactionStep step, SipMessage? response)
    {
        if (!step.Send.IsEmpty)
        {
            var outcome = _layer.Sender.Send(Destination, step.Send, this);
            if (outcome is not (SendOutcome.Sent or SendOutcome.Pending))
            {
                OnSendFailed(outcome);

                // A failed ACK (the step also delivers the final and may end the transaction) must
                // not swallow the response nor leave the transaction in the table.
                if (!step.Deliver && !step.Terminated)
                {
                    return;
                }
            }
        }

        if (step.Deliver && response is not null)
        {
            _owner.OnResponse(this, response);
        }

        if (step.Terminated)
        {
            lock (_lock)
            {
                _timerVersion++;
            }

            _layer.Remove(this);
            if (step.Failure != TransactionFailure.None)
            {
                _layer.Metrics.Failed(step.Failure);
                _owner.OnFailure(this, step.Failure);
            }
        }
    }
}
