namespace Bridgehead.Routing.Pool;

/// <summary>
/// Highest-random-weight (rendezvous) hashing: every destination gets a score for a key and the
/// destinations are tried in score order. A key keeps its destination while that one is usable,
/// and when one goes down only its own keys move. FNV-1a and a SplitMix64 finaliser keep scores
/// identical across processes, so several edges in front of one pool agree.
/// </summary>
internal static class RendezvousHash
{
    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        var h = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        return h;
    }

    public static ulong Of(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h = (h ^ (byte)c) * 1099511628211UL;
            h = (h ^ (byte)(c >> 8)) * 1099511628211UL;
        }

        return h;
    }

    public static ulong Score(ulong key, ulong member)
    {
        var z = key ^ member;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        return z ^ (z >> 31);
    }

    /// <summary>Writes the candidates' indices into <paramref name="order"/>, highest score first.</summary>
    public static void Order(ulong key, IReadOnlyList<DispatcherMember> candidates, Span<int> order)
    {
        var n = candidates.Count;
        Span<ulong> scores = n <= 64 ? stackalloc ulong[n] : new ulong[n];
        for (var i = 0; i < n; i++)
        {
            var score = Score(key, candidates[i].Hash);
            var j = i;
            while (j > 0 && scores[j - 1] < score)
            {
                scores[j] = scores[j - 1];
                order[j] = order[j - 1];
                j--;
            }

            scores[j] = score;
            order[j] = i;
        }
    }
}
