using System.Text;

namespace Bridgehead.Storage.Subscribers;

/// <summary>
/// A subscriber's identity: the username exactly, the domain ASCII case-insensitively (host names
/// are case-insensitive, RFC 3261 §19.1.4; SQLite's NOCASE folds ASCII only, and so does this).
/// </summary>
internal readonly record struct SubscriberKey(string Username, string Domain)
{
    public static IEqualityComparer<SubscriberKey> Comparer { get; } = new KeyComparer();

    /// <summary>Orders domains as SQLite's NOCASE collation does: ASCII letters folded to lower case.</summary>
    public static int CompareDomains(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            var diff = FoldAscii(a[i]) - FoldAscii(b[i]);
            if (diff != 0)
            {
                return diff;
            }
        }

        return a.Length - b.Length;
    }

    private static int FoldAscii(char c) => c is >= 'A' and <= 'Z' ? c + ('a' - 'A') : c;

    private sealed class KeyComparer : IEqualityComparer<SubscriberKey>
    {
        public bool Equals(SubscriberKey x, SubscriberKey y) =>
            string.Equals(x.Username, y.Username, StringComparison.Ordinal) && Ascii.EqualsIgnoreCase(x.Domain, y.Domain);

        // Two domains equal under ASCII folding are equal under ordinal-ignore-case too, so their hashes agree.
        public int GetHashCode(SubscriberKey key) =>
            HashCode.Combine(StringComparer.Ordinal.GetHashCode(key.Username), StringComparer.OrdinalIgnoreCase.GetHashCode(key.Domain));
    }
}
