using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;

namespace Bridgehead.Routing.Proxy;

/// <summary>
/// The response context of one proxied request (RFC 3261 §16.7): its branches, grouped by q and
/// tried group after group (sequential forking) with the targets of one group in parallel; the
/// best final response so far; Timer C; cancellation. Provisional and 2xx responses go upstream
/// at once; a non-2xx final goes up when no branch can do better. An optional failover group
/// (a switch pool) comes after the fixed groups and yields its targets one at a time.
/// </summary>
internal sealed class ProxyContext
{
    private readonly SipEdge _edge;
    private readonly IReadOnlyList<IReadOnlyList<ForwardingTarget>> _groups;
    private readonly IFailoverTargets? _failover;
    private readonly List<ProxyBranch> _branches = [];
    private readonly Lock _lock = new();
    private int _nextGroup;
    private bool _starting;
    private bool _cancelled;
    private bool _finalSent;
    private int _bestStatus;
    private SipMessage? _bestResponse;
    private ITimer? _timerC;
    private bool _failoverDone;

    public ProxyContext(SipEdge edge, ServerTransaction server, ForwardPlan plan, IReadOnlyList<IReadOnlyList<ForwardingTarget>> groups, IFailoverTargets? failover = null)
    {
        _edge = edge;
        Server = server;
        Plan = plan;
        _groups = groups;
        IsInvite = server.Request.Method == SipMethod.Invite;
        _failover = failover;
        _failoverDone = failover is null;
    }

    public ServerTransaction Server { get; }

    public ForwardPlan Plan { get; }

    /// <summary>The offer/answer exchange with the media relay, when the request carries one.</summary>
    public Media.MediaExchange? Media { get; init; }

    public SipMessage Request => Server.Request;

    // Kept apart from Request: the server transaction lets go of the request after its final response.
    private bool IsInvite { get; }

    public void Start()
    {
        if (IsInvite)
        {
            _timerC = _edge.Time.CreateTimer(static s => ((ProxyContext)s!).OnTimerC(), this, _edge.ProxyOptions.TimerC, Timeout.InfiniteTimeSpan);
        }

        bool cancelled;
        lock (_lock)
        {
            cancelled = _cancelled;
        }

        if (cancelled)
        {
            // Cancelled before the first branch started: 487 at once, nobody rings.
            CheckCompletion();
            return;
        }

        StartNextGroup();
    }

    /// <summary>The caller sent CANCEL (RFC 3261 §16.10): cancel every pending branch, start no new one.</summary>
    public void Cancel()
    {
        List<ProxyBranch> toCancel;
        lock (_lock)
        {
            _cancelled = true;
            toCancel = MarkForCancel();
        }

        SendCancels(toCancel);
    }

    public void OnBranchResponse(ProxyBranch branch, SipMessage response)
    {
        var status = response.StatusCode;
        List<ProxyBranch>? toCancel = null;
        var forward = false;
        var completed = false;
        if (status >= 200)
        {
            branch.CancelTimer?.Dispose();
        }

        if (branch.IsFailover && (status >= 200 || IsInvite))
        {
            // The destination answered in time: a provisional to an INVITE or any final stops fr_timer.
            StopNoAnswerTimer(branch);
        }

        lock (_lock)
        {
            if (status < 200)
            {
                branch.HasProvisional = true;
                if (branch.CancelPending && !branch.CancelSent)
                {
                    branch.CancelSent = true;
                    toCancel = [branch];
                }

                if (status > 100 && !_finalSent && branch.IsPending)
                {
                    forward = true;
                    _timerC?.Change(_edge.ProxyOptions.TimerC, Timeout.InfiniteTimeSpan);
                }
            }
            else if (status < 300)
            {
                // Every 2xx goes upstream, even after another final (RFC 3261 §16.7 step 5, RFC 6026).
                completed = branch.IsFailover && branch.FinalStatus is 0 or >= 300;
                branch.FinalStatus = status;
                forward = true;
                if (!_finalSent)
                {
                    _finalSent = true;
                    _timerC?.Dispose();
                    toCancel = MarkForCancel();
                }
            }
            else
            {
                if (!branch.IsPending)
                {
                    return;
                }

                branch.FinalStatus = status;
                completed = branch.IsFailover;
                if (completed && !_failover!.FailsOver(status))
                {
                    // A switch's own answer (486, 404, 603 …) is the call's answer: no other switch is asked.
                    _failoverDone = true;
                }

                if (BestResponse.IsBetter(status, _bestStatus))
                {
                    _bestStatus = status;
                    _bestResponse = response;
                }

                if (status >= 600 && !_finalSent)
                {
                    // §16.7 step 5: a 6xx ends the search; pending branches are cancelled.
                    toCancel = MarkForCancel();
                }
            }
        }

        if (toCancel is not null)
        {
            SendCancels(toCancel);
        }

        if (completed)
        {
            _failover!.Completed(branch.Target, ForwardingErrors.ForStatus(status), status);
        }

        if (forward)
        {
            _edge.ForwardResponseUpstream(Server, response, branch);
        }
        else if (status >= 300)
        {
            CheckCompletion();
        }
    }

    public void OnBranchFailure(ProxyBranch branch, TransactionFailure failure)
    {
        StopNoAnswerTimer(branch);
        lock (_lock)
        {
            if (!branch.IsPending)
            {
                return;
            }

            // §16.7 step 6 and §17.1.4: no answer counts as 408, a transport failure as 503.
            branch.FinalStatus = failure == TransactionFailure.Timeout ? 408 : 503;
            if (BestResponse.IsBetter(branch.FinalStatus, _bestStatus))
            {
                _bestStatus = branch.FinalStatus;
                _bestResponse = null;
            }
        }

        _edge.Metrics.BranchFailed(failure);
        if (branch.IsFailover)
        {
            _failover!.Completed(branch.Target, failure == TransactionFailure.Timeout ? ForwardingError.NoAnswer : ForwardingError.Transport, branch.FinalStatus);
        }

        CheckCompletion();
    }

    /// <summary>
    /// fr_timer of a failover branch: no provisional (INVITE) or final (others) in time. The branch
    /// counts as a 408 and the next destination is tried; its transaction stays, so a late
    /// provisional still gets its CANCEL (§9.1) and a late 2xx still goes upstream (§16.7 step 5).
    /// </summary>
    private void OnNoAnswer(ProxyBranch branch)
    {
        StopNoAnswerTimer(branch);
        lock (_lock)
        {
            if (!branch.IsPending || _finalSent || (IsInvite && branch.HasProvisional))
            {
                return;
            }

            branch.FinalStatus = 408;
            branch.CancelPending = IsInvite;
            if (BestResponse.IsBetter(408, _bestStatus))
            {
                _bestStatus = 408;
                _bestResponse = null;
            }
        }

        _edge.Metrics.BranchFailed(TransactionFailure.Timeout);
        _failover!.Completed(branch.Target, ForwardingError.NoAnswer, 408);
        CheckCompletion();
    }

    private static void StopNoAnswerTimer(ProxyBranch branch)
    {
        var timer = branch.NoAnswerTimer;
        if (timer is not null)
        {
            branch.NoAnswerTimer = null;
            timer.Dispose();
        }
    }

    private void StartNextGroup()
    {
        IReadOnlyList<ForwardingTarget>? group = null;
        int index;
        lock (_lock)
        {
            if (_nextGroup < _groups.Count)
            {
                index = _nextGroup++;
                group = _groups[index];
            }
            else if (!_failoverDone)
            {
                index = _nextGroup++;
            }
            else
            {
                return;
            }

            _starting = true;
        }

        try
        {
            if (group is null)
            {
                StartFailoverBranch(index);
                return;
            }

            foreach (var target in group)
            {
                var branch = new ProxyBranch(this, target, index);
                lock (_lock)
                {
                    _branches.Add(branch);
                }

                _edge.StartBranch(this, branch);
            }
        }
        finally
        {
            lock (_lock)
            {
                _starting = false;
            }

            CheckCompletion();
        }
    }

    /// <summary>The next destination of the failover group, with its "no answer" timer.</summary>
    private void StartFailoverBranch(int index)
    {
        var target = _failover!.Next();
        if (target is null)
        {
            lock (_lock)
            {
                _failoverDone = true;
            }

            return;
        }

        var branch = new ProxyBranch(this, target, index) { IsFailover = true };
        lock (_lock)
        {
            _branches.Add(branch);
        }

        branch.NoAnswerTimer = _edge.Time.CreateTimer(
            static s => { var b = (ProxyBranch)s!; b.Context.OnNoAnswer(b); }, branch, _failover.NoAnswerTimeout, Timeout.InfiniteTimeSpan);
        _edge.StartBranch(this, branch);
    }

    /// <summary>When no branch is pending: try the next q group, or send the best final response.</summary>
    private void CheckCompletion()
    {
        bool nextGroup;
        int status;
        SipMessage? best;
        lock (_lock)
        {
            if (_starting || _finalSent)
            {
                return;
            }

            foreach (var b in _branches)
            {
                if (b.IsPending)
                {
                    return;
                }
            }

            nextGroup = !_cancelled && _bestStatus < 600 && (_nextGroup < _groups.Count || !_failoverDone);
            if (!nextGroup)
            {
                _finalSent = true;
                _timerC?.Dispose();
            }

            status = _bestStatus;
            best = _bestResponse;
        }

        if (nextGroup)
        {
            StartNextGroup();
            return;
        }

        _edge.OnProxyFailed(this);
        if (_cancelled && status < 600)
        {
            // §16.10: the INVITE was cancelled; whatever the branches said, the caller gets 487.
            _edge.RespondLocally(Server, 487, "Request Terminated");
        }
        else if (best is not null && status != 503)
        {
            _edge.ForwardResponseUpstream(Server, best);
        }
        else
        {
            // A 503 from downstream is not passed on (§16.7 step 6): upstream would stop using us.
            _edge.RespondLocally(Server, status == 503 || status == 0 ? 500 : status, status switch
            {
                408 => "Request Timeout",
                503 => "Server Internal Error (Next Hop Unavailable)",
                _ => "Server Internal Error",
            });
        }
    }

    private void OnTimerC()
    {
        List<ProxyBranch> toCancel = [];
        List<ProxyBranch> timedOut = [];
        lock (_lock)
        {
            if (_finalSent)
            {
                return;
            }

            foreach (var b in _branches)
            {
                if (!b.IsPending)
                {
                    continue;
                }

                if (b.HasProvisional)
                {
                    if (!b.CancelSent)
                    {
                        b.CancelSent = true;
                        toCancel.Add(b);
                    }
                }
                else
                {
                    timedOut.Add(b);
                }
            }
        }

        SendCancels(toCancel);
        foreach (var b in timedOut)
        {
            // §16.8: no provisional before Timer C means the branch behaves as if it got 408.
            b.Transaction?.Abandon();
            OnBranchFailure(b, TransactionFailure.Timeout);
        }
    }

    private List<ProxyBranch> MarkForCancel()
    {
        var result = new List<ProxyBranch>();
        foreach (var b in _branches)
        {
            if (!b.IsPending || b.CancelSent || !IsInvite)
            {
                continue;
            }

            if (b.HasProvisional)
            {
                b.CancelSent = true;
                result.Add(b);
            }
            else
            {
                b.CancelPending = true;
            }
        }

        return result;
    }

    private void SendCancels(List<ProxyBranch> branches)
    {
        foreach (var b in branches)
        {
            if (b.Transaction is { } transaction)
            {
                _edge.SendCancel(transaction);

                // RFC 3261 §9.1: with no final response 64*T1 after the CANCEL, the INVITE
                // transaction is taken as cancelled — a next hop that died after its provisional
                // must not hold the caller (and this context) for ever.
                b.CancelTimer ??= _edge.Time.CreateTimer(
                    static s =>
                    {
                        var (context, branch) = ((ProxyContext, ProxyBranch))s!;
                        context.OnCancelUnanswered(branch);
                    },
                    (this, b),
                    _edge.Transactions.Timers.Timeout64T1,
                    Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnCancelUnanswered(ProxyBranch branch)
    {
        branch.CancelTimer?.Dispose();
        lock (_lock)
        {
            if (!branch.IsPending)
            {
                return;
            }
        }

        branch.Transaction?.Abandon();
        OnBranchFailure(branch, TransactionFailure.Timeout);
    }
}
