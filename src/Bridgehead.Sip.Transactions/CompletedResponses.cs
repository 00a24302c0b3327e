using System.Net;
using System.Net.Sockets;
using Bridgehead.Sip;

namespace Bridgehead.Sip.Transactions;

/// <summary>
/// Non-INVITE server transactions in the Completed state on an unreliable transport (RFC 3261
/// §17.2.2): for Timer J, 64·T1, all they still do is answer a retransmitted request with their
/// final response. A busy registrar holds 32 s of them — 96,000 at 3,000 REGISTER/s — and as
/// full transactions (state machine, lock, key, response, endpoint, table node) every one would
/// survive two garbage collections and then be collected from the oldest generation. Here each
/// is one array (key, response, address) and two table slots, and since every one lives the same
/// Timer J, expiry is a FIFO queue instead of a timer per transaction.
/// </summary>
internal sealed class CompletedResponses : IScheduled
{
    private readonly TransactionLayer _layer;
    private readonly Dictionary<TransactionKey, Entry> _byKey = [];
    private readonly Queue<(TransactionKey Key, long Due)> _byDue = new();
    private readonly Lock _lock = new();
    private bool _armed;

    public CompletedResponses(TransactionLayer layer) => _layer = layer;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byKey.Count;
            }
        }
    }

    /// <summary>
    /// Keeps <paramref name="response"/> for retransmissions of the request with <paramref name="key"/>
    /// until Timer J, answering to <paramref name="destination"/> (a UDP address). False when it
    /// cannot be kept this way (the transaction then keeps running as it is).
    /// </summary>
    public bool Add(in TransactionKey key, ReadOnlyMemory<byte> response, in SipDestination destination)
    {
        var address = destination.EndPoint.Address;
        var addressLength = address.AddressFamily == AddressFamily.InterNetworkV6 ? 16 : 4;
        var record = new byte[key.Length + response.Length + addressLength];
        var owned = key.CopyTo(record);
        response.Span.CopyTo(record.AsSpan(key.Length));
        if (!address.TryWriteBytes(record.AsSpan(key.Length + response.Length), out _))
        {
            return false;
        }

        var scope = addressLength == 16 ? address.ScopeId : 0; // a link-local peer is answered on its interface
        var entry = new Entry(record, key.Length, response.Length, destination.EndPoint.Port, destination.ListenerId, destination.Transport, scope);
        var now = _layer.Time.GetUtcNow();
        var due = (now + _layer.Timers.Timeout64T1).UtcTicks;
        var arm = false;
        lock (_lock)
        {
            ExpireLocked(now.UtcTicks);
            if (!_byKey.TryAdd(owned, entry))
            {
                return false;
            }

            _byDue.Enqueue((owned, due));
            if (!_armed)
            {
                _armed = arm = true;
            }
        }

        if (arm)
        {
            _layer.Scheduler.Schedule(this, new DateTimeOffset(due, TimeSpan.Zero), 0);
        }

        return true;
    }

    /// <summary>Answers a retransmitted request with the kept final response; false when nothing is kept for it.</summary>
    public bool TryReplay(in TransactionKey key)
    {
        Entry entry;
        lock (_lock)
        {
            if (!_byKey.TryGetValue(key, out entry))
            {
                return false;
            }
        }

        var addressBytes = entry.Record.AsSpan(entry.KeyLength + entry.ResponseLength);
        var address = addressBytes.Length == 16 ? new IPAddress(addressBytes, entry.ScopeId) : new IPAddress(addressBytes);
        var destination = new SipDestination(entry.Transport, new IPEndPoint(address, entry.Port), ListenerId: entry.ListenerId);
        var outcome = _layer.Sender.Send(destination, entry.Record.AsMemory(entry.KeyLength, entry.ResponseLength));
        if (outcome is not (SendOutcome.Sent or SendOutcome.Pending))
        {
            _layer.Metrics.Failed(TransactionFailure.TransportError);
        }

        return true;
    }

    /// <summary>Timer J of the oldest entries: drop what has expired and wait for the next.</summary>
    void IScheduled.OnDeadline(int version)
    {
        long next;
        lock (_lock)
        {
            ExpireLocked(_layer.Time.GetUtcNow().UtcTicks);
            if (!_byDue.TryPeek(out var oldest))
            {
                _armed = false;
                return;
            }

            next = oldest.Due;
        }

        _layer.Scheduler.Schedule(this, new DateTimeOffset(next, TimeSpan.Zero), 0);
    }

    private void ExpireLocked(long nowTicks)
    {
        while (_byDue.TryPeek(out var oldest) && oldest.Due <= nowTicks)
        {
            _byDue.Dequeue();
            _byKey.Remove(oldest.Key);
        }
    }

    /// <summary>One kept response: the record holds the key, then the response, then the address to answer.</summary>
    private readonly record struct Entry(byte[] Record, int KeyLength, int ResponseLength, int Port, int ListenerId, SipTransportKind Transport, long ScopeId);
}
