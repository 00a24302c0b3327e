namespace Bridgehead.Relay.Ng;

/// <summary>
/// Replies by cookie, so a retransmitted request is answered again without running twice
/// (ng-protocol §1: an offer run twice would allocate a second set of ports). Entries expire
/// after the configured time; beyond the capacity the oldest go first. One thread uses it.
/// </summary>
internal sealed class NgReplyCache(int capacity, TimeSpan lifetime, TimeProvider time)
{
    private readonly Dictionary<string, (byte[] Reply, long Expires)> _replies = new(StringComparer.Ordinal);
    private readonly Queue<(string Cookie, long Expires)> _order = new();
    private readonly long _lifetime = (long)(lifetime.TotalSeconds * time.TimestampFrequency);

    public int Count => _replies.Count;

    public bool TryGet(string cookie, out byte[] reply)
    {
        Expire();
        if (_replies.TryGetValue(cookie, out var entry))
        {
            reply = entry.Reply;
            return true;
        }

        reply = [];
        return false;
    }

    public void Add(string cookie, byte[] reply)
    {
        Expire();
        while (_replies.Count >= capacity && _order.TryDequeue(out var oldest))
        {
            Remove(oldest.Cookie, oldest.Expires);
        }

        var expires = time.GetTimestamp() + _lifetime;
        _replies[cookie] = (reply, expires);
        _order.Enqueue((cookie, expires));
    }

    private void Expire()
    {
        var now = time.GetTimestamp();
        while (_order.TryPeek(out var oldest) && oldest.Expires <= now)
        {
            _order.Dequeue();
            Remove(oldest.Cookie, oldest.Expires);
        }
    }

    // A cookie reused after its entry was replaced has a newer expiry; only its own entry goes.
    private void Remove(string cookie, long expires)
    {
        if (_replies.TryGetValue(cookie, out var entry) && entry.Expires == expires)
        {
            _replies.Remove(cookie);
        }
    }
}
