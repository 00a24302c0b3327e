namespace Bridgehead.Sdp;

/// <summary>
/// <c>a=group:&lt;semantics&gt; *(&lt;mid&gt;)</c> (RFC 5888 §5); with BUNDLE semantics (RFC 9143) the
/// listed media share one transport, which browsers always ask for.
/// </summary>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> MediaIds)
{
    public const string AttributeName = "group";
    public const string Bundle = "BUNDLE";

    public bool IsBundle => Semantics.Equals(Bundle, StringComparison.OrdinalIgnoreCase);

    public static bool TryParse(ReadOnlySpan<char> value, out SdpGroup group)
    {
        group = null!;
        var tokens = new SdpTokenizer(value);
        if (!tokens.TryNext(out var semantics) || !SdpNumbers.IsToken(semantics))
        {
            return false;
        }

        var ids = new List<string>();
        while (tokens.TryNext(out var id))
        {
            if (!SdpNumbers.IsToken(id) || ids.Count == 256)
            {
                return false;
            }

            ids.Add(id.ToString());
        }

        group = new SdpGroup(semantics.ToString(), ids);
        return true;
    }

    public override string ToString() => MediaIds.Count == 0 ? Semantics : $"{Semantics} {string.Join(' ', MediaIds)}";
}
