namespace Bridgehead.Sdp;

/// <summary>
/// <c>a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;</c> (RFC 8866 §6.15). The parameters
/// belong to the codec; they are carried as written (<c>minptime=10;useinbandfec=1</c>, <c>0-16</c>).
/// </summary>
public sealed record SdpFmtp(string Format, string Parameters)
{
    public const string AttributeName = "fmtp";

    public static bool TryParse(ReadOnlySpan<char> value, out SdpFmtp fmtp)
    {
        fmtp = null!;
        var tokens = new SdpTokenizer(value);
        if (!tokens.TryNext(out var format) || !SdpNumbers.IsToken(format))
        {
            return false;
        }

        fmtp = new SdpFmtp(format.ToString(), tokens.Rest.ToString());
        return true;
    }

    /// <summary>The <c>name=value</c> pairs of a <c>;</c>-separated parameter list (names compared case-insensitively).</summary>
    public IReadOnlyDictionary<string, string> GetParameters()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in Parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq].Trim();
            result.TryAdd(name, eq < 0 ? string.Empty : part[(eq + 1)..].Trim());
        }

        return result;
    }

    public override string ToString() => Parameters.Length == 0 ? Format : $"{Format} {Parameters}";
}
