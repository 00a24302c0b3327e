namespace Bridgehead.Sip.Transport.WebSockets;

/// <summary>
/// Which browser origins may open a SIP WebSocket (RFC 6455 §10.2). An empty list admits every
/// origin; entries are exact origins ("https://agents.example.com"), a wildcard for subdomains
/// ("https://*.example.com") or "*". A handshake without an Origin comes from a non-browser client
/// (softphones, load tools), which the origin model does not concern, and is admitted.
/// </summary>
public sealed class WebSocketOriginPolicy
{
    private readonly string[] _exact;
    private readonly (string Scheme, string Suffix)[] _wildcards;
    private readonly bool _any;

    public WebSocketOriginPolicy(IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var exact = new List<string>();
        var wildcards = new List<(string, string)>();
        var count = 0;
        foreach (var raw in allowed)
        {
            count++;
            var entry = raw.Trim().TrimEnd('/');
            if (entry == "*")
            {
                _any = true;
                continue;
            }

            var star = entry.IndexOf("://*.", StringComparison.Ordinal);
            if (star > 0)
            {
                wildcards.Add((entry[..(star + 3)], entry[(star + 4)..]));
            }
            else
            {
                exact.Add(entry);
            }
        }

        _any |= count == 0;
        _exact = [.. exact];
        _wildcards = [.. wildcards];
    }

    /// <summary>True when a handshake with this Origin (null: none sent) may proceed.</summary>
    public bool IsAllowed(string? origin)
    {
        if (_any || origin is null)
        {
            return true;
        }

        foreach (var e in _exact)
        {
            if (string.Equals(origin, e, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var (scheme, suffix) in _wildcards)
        {
            // "https://*.example.com" admits https://a.example.com and https://a.b.example.com, not https://example.com.
            if (origin.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && origin.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && origin.Length > scheme.Length + suffix.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks one allow-list entry; null when it is acceptable, else what is wrong.</summary>
    public static string? Validate(string entry)
    {
        var e = (entry ?? string.Empty).Trim();
        if (e == "*")
        {
            return null;
        }

        var schemeEnd = e.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0 || e.Length == schemeEnd + 3)
        {
            return "an origin is scheme://host[:port], such as https://agents.example.com, https://*.example.com or *";
        }

        var host = e[(schemeEnd + 3)..].TrimEnd('/');
        return host.Contains('/', StringComparison.Ordinal) ? "an origin has no path" : null;
    }
}
