namespace Bridgehead.Routing.Pool;

/// <summary>
/// Answered load-balanced calls by Call-ID, holding their resources until the BYE passes the edge
/// (either way) or, for a dialog whose end the edge never saw, until their lifetime runs out. The
/// BYE lookup takes the Call-ID bytes as they are in the message: no string, no allocation.
/// </summary>
public sealed class LoadBalancerCalls
{
    private readonly Dictionary<byte[], LoadBalancerReservation> _calls = new(CallIdComparer.Instance);
    private readonly Dictionary<byte[], LoadBalancerReservation>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private readonly LoadBalancerLedger _ledger;
    private readonly Lock _gate = new();
    private int _count;

    public LoadBalancerCalls(LoadBalancerLedger ledger)
    {
        _ledger = ledger;
        _bySpan = _calls.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Answered calls holding resources.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>An answered call keeps its reservation until <see cref="End"/> or <paramref name="expiresAt"/>.</summary>
    public void Commit(ReadOnlySpan<byte> callId, LoadBalancerReservation reservation, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        reservation.ExpiresAt = expiresAt;
        lock (_gate)
        {
            if (_bySpan.TryGetValue(callId, out var existing))
            {
                if (ReferenceEquals(existing, reservation))
                {
                    return;
                }

                reservation.Next = existing;
            }

            _bySpan[callId] = reservation;
            _count++;
        }
    }

    /// <summary>The call ended (its BYE): its resources go back. Returns how many reservations were released.</summary>
    public int End(ReadOnlySpan<byte> callId)
    {
        if (Volatile.Read(ref _count) == 0)
        {
            return 0;
        }

        LoadBalancerReservation? chain;
        lock (_gate)
        {
            if (!_bySpan.Remove(callId, out _, out chain))
            {
                return 0;
            }
        }

        return ReleaseChain(chain);
    }

    /// <summary>Releases the calls whose lifetime ran out; returns how many.</summary>
    public int Sweep(DateTimeOffset now)
    {
        List<LoadBalancerReservation>? expired = null;
        lock (_gate)
        {
            List<byte[]>? emptied = null;
            List<(byte[] Key, LoadBalancerReservation Head)>? changed = null;
            foreach (var (key, head) in _calls)
            {
                LoadBalancerReservation? keep = null;
                LoadBalancerReservation? tail = null;
                for (var r = head; r is not null;)
                {
                    var next = r.Next;
                    r.Next = null;
                    if (r.ExpiresAt <= now)
                    {
                        (expired ??= []).Add(r);
                    }
                    else if (keep is null)
                    {
                        keep = tail = r;
                    }
                    else
                    {
                        tail!.Next = r;
                        tail = r;
                    }

                    r = next;
                }

                if (keep is null)
                {
                    (emptied ??= []).Add(key);
                }
                else if (!ReferenceEquals(keep, head))
                {
                    (changed ??= []).Add((key, keep));
                }
            }

            foreach (var key in emptied ?? [])
            {
                _calls.Remove(key);
            }

            foreach (var (key, head) in changed ?? [])
            {
                _calls[key] = head;
            }

            _count -= expired?.Count ?? 0;
        }

        foreach (var r in expired ?? [])
        {
            _ledger.Release(r);
        }

        return expired?.Count ?? 0;
    }

    private int ReleaseChain(LoadBalancerReservation? chain)
    {
        var released = 0;
        for (var r = chain; r is not null; r = r.Next)
        {
            _ledger.Release(r);
            released++;
        }

        lock (_gate)
        {
            _count -= released;
        }

        return released;
    }

    private sealed class CallIdComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly CallIdComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
