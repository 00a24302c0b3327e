namespace Bridgehead.Routing.Proxy;

/// <summary>
/// RFC 3261 §16.7 step 6: which final response of several a forking proxy sends upstream.
/// 6xx beats everything; otherwise the lowest class wins, and within 4xx the responses a caller
/// can act on (401, 407, 415, 420, 484) come first.
/// </summary>
internal static class BestResponse
{
    /// <summary>True when <paramref name="candidate"/> should replace <paramref name="current"/> (0 = none yet).</summary>
    public static bool IsBetter(int candidate, int current)
    {
        if (current == 0)
        {
            return true;
        }

        if (candidate >= 600 || current >= 600)
        {
            return current < 600 && candidate >= 600;
        }

        var candidateClass = candidate / 100;
        var currentClass = current / 100;
        if (candidateClass != currentClass)
        {
            return candidateClass < currentClass;
        }

        return Rank(candidate) < Rank(current);
    }

    private static int Rank(int status) => status switch
    {
        401 or 407 => 0,
        415 or 420 or 484 => 1,
        // Timeouts and unreachable branches are the least informative answers.
        408 or 480 => 3,
        503 => 4,
        _ => 2,
    };
}
