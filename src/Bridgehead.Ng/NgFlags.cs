namespace Bridgehead.Ng;

/// <summary>
/// Flag and option words compare case-insensitively, with space, hyphen and underscore
/// interchangeable (ng-protocol §1, §3.2.1: "trust address" is "trust-address").
/// </summary>
public static class NgFlags
{
    public static bool Contains(IReadOnlyList<string> flags, string flag)
    {
        ArgumentNullException.ThrowIfNull(flags);
        foreach (var candidate in flags)
        {
            if (Equal(candidate, flag))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Equal(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (Fold(a[i]) != Fold(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The canonical key form: spaces become hyphens (the form rtpengine documents).</summary>
    public static string NormalizeKey(string key) =>
        (key ?? throw new ArgumentNullException(nameof(key))).Contains(' ', StringComparison.Ordinal) ? key.Replace(' ', '-') : key;

    private static char Fold(char c) => c is ' ' or '_' ? '-' : char.ToLowerInvariant(c);
}
