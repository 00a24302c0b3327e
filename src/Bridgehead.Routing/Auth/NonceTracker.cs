using System.Collections.Concurrent;

namespace Bridgehead.Routing.Auth;

/// <summary>
/// Replay protection for digest nonces (RFC 7616 §5.4): each nonce-count may be used once and
/// must grow; a nonce without qop (no nc) is good for one request only. Entries leave with their
/// nonce's lifetime.
/// </summary>
public sealed class NonceTracker
{
    private readonly ConcurrentDictionary<string, Entry> _seen = new(StringComparer.Ordinal);

    public int Count => _seen.Count;

    /// <summary>Records (nonce, nc); false when this nc (or a higher one) was already used.</summary>
    public bool TryAccept(string nonce, long nc, DateTimeOffset issuedAt)
    {
        while (true)
        {
            if (!_seen.TryGetValue(nonce, out var entry))
            {
                if (_seen.TryAdd(nonce, new Entry(nc, issuedAt)))
                {
                    return true;
                }

                continue;
            }

            if (nc <= entry.LastNc)
            {
                return false;
            }

            if (_seen.TryUpdate(nonce, entry with { LastNc = nc }, entry))
            {
                return true;
            }
        }
    }

    public void Purge(DateTimeOffset issuedBefore)
    {
        foreach (var pair in _seen)
        {
            if (pair.Value.IssuedAt < issuedBefore)
            {
                _seen.TryRemove(pair);
            }
        }
    }

    private sealed record Entry(long LastNc, DateTimeOffset IssuedAt);
}
