using Bridgehead.Routing;
using Bridgehead.Sip;
using Microsoft.Extensions.Options;

namespace Bridgehead.Management.Calls;

/// <summary>
/// The dashboard's active calls, kept from what the edge receives: INVITE, the responses to it,
/// ACK, BYE and CANCEL per Call-ID (a proxy keeps the Call-ID on both legs, so one entry is one
/// call). It watches only what arrives: a final response the edge sends by itself (a 407
/// challenge, a 404) shows as the caller's ACK of it, since a UAC ACKs every non-2xx final
/// response hop by hop (RFC 3261 §17.1.1.3). Bounded in count and age; one short lock.
/// </summary>
public sealed class CallTracker : ISipMessageObserver
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Entry> _calls = new(StringComparer.Ordinal);

    // Every call in the order it (re)started, and the ended ones in the order they ended: at the
    // limit the first ended call leaves (else the oldest call) without a scan of the table — at
    // hundreds of calls a second the table is always full and each INVITE makes room.
    private readonly LinkedList<Entry> _order = new();
    private readonly LinkedList<Entry> _ended = new();
    private readonly Lock _lock = new();
    private readonly CallTrackerOptions _options;
    private readonly TimeProvider _time;
    private DateTimeOffset _nextPurge;

    public CallTracker(IOptions<CallTrackerOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
    }

    /// <summary>Calls trying, ringing or answered now.</summary>
    public int ActiveCount
    {
        get
        {
            lock (_lock)
            {
                return _calls.Values.Count(c => c.IsActive);
            }
        }
    }

    /// <summary>Every tracked call, active ones first, newest first within each group.</summary>
    public IReadOnlyList<TrackedCall> Snapshot()
    {
        lock (_lock)
        {
            Purge(_time.GetUtcNow(), force: true);
            return [.. _calls.Values.OrderByDescending(c => c.IsActive).ThenByDescending(c => c.StartedAt).Select(c => c.ToView())];
        }
    }

    /// <summary>One call, or null when it is not (or no longer) tracked.</summary>
    public TrackedCall? Find(string callId)
    {
        ArgumentNullException.ThrowIfNull(callId);
        lock (_lock)
        {
            return _calls.TryGetValue(callId, out var entry) ? entry.ToView() : null;
        }
    }

    public void OnReceived(SipMessage message, in SipDestination source)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IsRequest)
        {
            if (message.Method is SipMethod.Invite or SipMethod.Ack or SipMethod.Bye or SipMethod.Cancel)
            {
                OnRequest(message, source);
            }

            return;
        }

        if (CSeqHeader.TryParse(message.FirstValueMemory(HeaderId.CSeq), out var cseq) && cseq.Method == SipMethod.Invite && message.StatusCode > 100)
        {
            OnInviteResponse(message);
        }
    }

    private void OnRequest(SipMessage message, in SipDestination source)
    {
        var callId = SipText.ToText(message.FirstValue(HeaderId.CallId));
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            _calls.TryGetValue(callId, out var entry);
            switch (message.Method)
            {
                case SipMethod.Invite when !HasToTag(message):
                    if (entry is null)
                    {
                        Purge(now, force: false);
                        MakeRoom();
                        var added = new Entry(callId, UriOf(message, HeaderId.From), UriOf(message, HeaderId.To), source.ToString(), now);
                        added.OrderNode = _order.AddLast(added);
                        _calls[callId] = added;
                    }
                    else if (!entry.IsActive)
                    {
                        // A new attempt after a failure (the INVITE again with credentials after a 407).
                        Restart(entry, now);
                    }

                    break;
                case SipMethod.Ack when entry is { State: TrackedCallState.Trying or TrackedCallState.Ringing }:
                    End(entry, TrackedCallState.Failed, now, entry.Status >= 300 ? entry.Reason : "refused by the edge (the caller acknowledged its final response)");
                    break;
                case SipMethod.Bye when entry is { IsActive: true }:
                    End(entry, TrackedCallState.Ended, now, $"BYE from {source}");
                    break;
                case SipMethod.Cancel when entry is { State: TrackedCallState.Trying or TrackedCallState.Ringing }:
                    End(entry, TrackedCallState.Ended, now, $"CANCEL from {source}");
                    break;
            }

            if (entry is not null)
            {
                entry.LastSeen = now;
            }
        }
    }

    private void OnInviteResponse(SipMessage message)
    {
        var callId = SipText.ToText(message.FirstValue(HeaderId.CallId));
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_calls.TryGetValue(callId, out var entry))
            {
                return;
            }

            entry.LastSeen = now;
            var status = message.StatusCode;
            switch (status)
            {
                case < 200 when entry.State == TrackedCallState.Trying:
                    entry.State = TrackedCallState.Ringing;
                    entry.Status = status;
                    break;
                case >= 200 and < 300 when entry.State is TrackedCallState.Trying or TrackedCallState.Ringing:
                    entry.State = TrackedCallState.Answered;
                    entry.Status = status;
                    entry.AnsweredAt = now;
                    break;
                case >= 300 when entry.State is TrackedCallState.Trying or TrackedCallState.Ringing:
                    entry.Status = status;
                    End(entry, TrackedCallState.Failed, now, $"{status} {SipText.ToText(message.ReasonPhrase)}");
                    break;
            }
        }
    }

    private static bool HasToTag(SipMessage message) =>
        NameAddress.TryParse(message.FirstValueMemory(HeaderId.To), out var to) && to.HasTag;

    private static string UriOf(SipMessage message, HeaderId header) =>
        NameAddress.TryParse(message.FirstValueMemory(header), out var address) ? SipText.ToText(address.UriText.Span) : SipText.ToText(message.FirstValue(header));

    /// <summary>Drops ended calls past KeepEnded and silent ones past StaleAfter (at most once a second unless forced).</summary>
    private void Purge(DateTimeOffset now, bool force)
    {
        if (!force && now < _nextPurge)
        {
            return;
        }

        _nextPurge = now + PurgeEvery;
        List<string>? gone = null;
        foreach (var (id, entry) in _calls)
        {
            var expired = entry.IsActive ? now - entry.LastSeen >= _options.StaleAfter : now - entry.EndedAt >= _options.KeepEnded;
            if (expired)
            {
                (gone ??= []).Add(id);
            }
        }

        gone?.ForEach(id => Remove(_calls[id]));
    }

    /// <summary>At the limit, the call that ended first leaves; with none ended, the oldest call.</summary>
    private void MakeRoom()
    {
        if (_calls.Count >= _options.MaxCalls && (_ended.First ?? _order.First) is { } victim)
        {
            Remove(victim.Value);
        }
    }

    private void End(Entry entry, TrackedCallState state, DateTimeOffset at, string? reason)
    {
        entry.End(state, at, reason);
        entry.EndedNode ??= _ended.AddLast(entry);
    }

    private void Restart(Entry entry, DateTimeOffset at)
    {
        entry.Restart(at);
        if (entry.EndedNode is { } ended)
        {
            _ended.Remove(ended);
            entry.EndedNode = null;
        }

        _order.Remove(entry.OrderNode!);
        _order.AddLast(entry.OrderNode!);
    }

    private void Remove(Entry entry)
    {
        _calls.Remove(entry.CallId);
        _order.Remove(entry.OrderNode!);
        if (entry.EndedNode is { } ended)
        {
            _ended.Remove(ended);
        }
    }

    private sealed class Entry(string callId, string from, string to, string caller, DateTimeOffset now)
    {
        public string CallId { get; } = callId;

        public TrackedCallState State { get; set; }

        public int Status { get; set; }

        public DateTimeOffset StartedAt { get; private set; } = now;

        public DateTimeOffset? AnsweredAt { get; set; }

        public DateTimeOffset? EndedAt { get; private set; }

        public string? Reason { get; private set; }

        public DateTimeOffset LastSeen { get; set; } = now;

        public LinkedListNode<Entry>? OrderNode { get; set; }

        public LinkedListNode<Entry>? EndedNode { get; set; }

        public bool IsActive => State is TrackedCallState.Trying or TrackedCallState.Ringing or TrackedCallState.Answered;

        public void End(TrackedCallState state, DateTimeOffset at, string? reason)
        {
            State = state;
            EndedAt = at;
            Reason = reason;
        }

        public void Restart(DateTimeOffset at)
        {
            State = TrackedCallState.Trying;
            Status = 0;
            StartedAt = at;
            AnsweredAt = null;
            EndedAt = null;
            Reason = null;
        }

        public TrackedCall ToView() => new(CallId, from, to, caller, State, Status, StartedAt, AnsweredAt, EndedAt, Reason);
    }
}
