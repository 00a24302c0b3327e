namespace Bridgehead.Routing.Media;

/// <summary>
/// A late offer waiting for its answer in the ACK (RFC 3261 §13.2.1): the responder put its offer
/// in the 2xx, the requester answers in the ACK. The offer is kept for the BUNDLE group of an
/// answer going to a browser (<see cref="SdpBundle"/>).
/// </summary>
internal sealed record LateOffer(string ResponderTag, string RequesterTag, MediaLegKind ResponderKind, ReadOnlyMemory<byte> Offer);

/// <summary>
/// What the edge remembers of one relayed call, keyed by Call-ID and the caller's tag: that the
/// relay holds it (so in-dialog offers and BYE reach the relay), a late offer awaiting its ACK,
/// and the last rewritten bodies, so a retransmitted 2xx or ACK gets the same SDP without a
/// second round trip.
/// </summary>
internal sealed class MediaCall(string callId, string callerTag, DateTimeOffset created)
{
    private const int CacheSize = 4;

    private readonly Lock _lock = new();
    private readonly (string Key, byte[] Original, byte[] Rewritten)?[] _cache = new (string, byte[], byte[])?[CacheSize];
    private int _next;
    private LateOffer? _lateOffer;

    public string CallId { get; } = callId;

    public string CallerTag { get; } = callerTag;

    public DateTimeOffset Created { get; } = created;

    /// <summary>Whether any offer reached the relay (only then is a delete owed).</summary>
    public bool Offered { get; set; }

    public LateOffer? PendingLateOffer
    {
        get
        {
            lock (_lock)
            {
                return _lateOffer;
            }
        }

        set
        {
            lock (_lock)
            {
                _lateOffer = value;
            }
        }
    }

    /// <summary>The body rewritten earlier for the same purpose (<paramref name="key"/>) from these very bytes.</summary>
    public byte[]? Cached(string key, ReadOnlySpan<byte> original)
    {
        lock (_lock)
        {
            foreach (var entry in _cache)
            {
                if (entry is { } e && string.Equals(e.Key, key, StringComparison.Ordinal) && e.Original.AsSpan().SequenceEqual(original))
                {
                    return e.Rewritten;
                }
            }
        }

        return null;
    }

    public void Remember(string key, ReadOnlySpan<byte> original, byte[] rewritten)
    {
        lock (_lock)
        {
            _cache[_next] = (key, original.ToArray(), rewritten);
            _next = (_next + 1) % CacheSize;
        }
    }
}
