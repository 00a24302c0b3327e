using System.Collections.Concurrent;

namespace Bridgehead.Routing.Media;

/// <summary>
/// The relayed calls the edge knows, by Call-ID and caller tag. In-dialog requests carry the
/// caller's tag in From or To depending on who sends them, so lookups try both. Bounded in count
/// and age: a call whose BYE was lost is forgotten after <see cref="MediaOptions.CallLifetime"/>.
/// </summary>
internal sealed class MediaCallTable(MediaOptions options, TimeProvider time)
{
    private const int SweepEvery = 256;

    private readonly ConcurrentDictionary<(string CallId, string Tag), MediaCall> _calls = new();
    private int _adds;

    public int Count => _calls.Count;

    public MediaCall Add(string callId, string callerTag)
    {
        var call = new MediaCall(callId, callerTag, time.GetUtcNow());
        _calls[(callId, callerTag)] = call;
        if (Interlocked.Increment(ref _adds) % SweepEvery == 0 || _calls.Count > options.MaxCalls)
        {
            Sweep();
        }

        return call;
    }

    public MediaCall? Find(string callId, string fromTag, string toTag) =>
        _calls.TryGetValue((callId, fromTag), out var call) || (toTag.Length > 0 && _calls.TryGetValue((callId, toTag), out call)) ? call : null;

    public bool Remove(MediaCall call) =>
        _calls.TryRemove(new KeyValuePair<(string, string), MediaCall>((call.CallId, call.CallerTag), call));

    /// <summary>Forgets calls older than the lifetime, then the oldest while over the limit.</summary>
    internal void Sweep()
    {
        var oldest = time.GetUtcNow() - options.CallLifetime;
        foreach (var (key, call) in _calls)
        {
            if (call.Created < oldest)
            {
                _calls.TryRemove(new KeyValuePair<(string, string), MediaCall>(key, call));
            }
        }

        var excess = _calls.Count - options.MaxCalls;
        if (excess > 0)
        {
            foreach (var (key, call) in _calls.OrderBy(c => c.Value.Created).Take(excess).ToList())
            {
                _calls.TryRemove(new KeyValuePair<(string, string), MediaCall>(key, call));
            }
        }
    }
}
