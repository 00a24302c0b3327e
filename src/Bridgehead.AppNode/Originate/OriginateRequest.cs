namespace Bridgehead.AppNode;

/// <summary>What a call placed by the node does once answered.</summary>
public enum CallApplicationKind : byte
{
    Echo,
    Playback,
    Tone,
}

/// <summary>
/// `originate user/1000 echo`, `originate user/1000 playback FILE`, `originate user/1000 tone`:
/// FreeSWITCH's `originate user/1000 &amp;echo()` as a request. The target is <c>user/NAME</c>
/// (optionally <c>user/NAME@domain</c>) or a SIP URI.
/// </summary>
/// <param name="Target">"user/1000", "user/1000@example.com" or "sip:1000@10.0.0.5:5070".</param>
/// <param name="Application">What the answered call does.</param>
/// <param name="File">The WAV file of a playback; null for the bundled recording.</param>
/// <param name="Timeout">How long the call may ring; null for the configured default.</param>
public sealed record OriginateRequest(string Target, CallApplicationKind Application, string? File = null, TimeSpan? Timeout = null)
{
    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create("<>\"; \t\r\n:@");

    /// <summary>Reads the words of the command line after "originate": TARGET APP [FILE].</summary>
    public static bool TryParse(IReadOnlyList<string> words, out OriginateRequest? request, out string? error)
    {
        ArgumentNullException.ThrowIfNull(words);
        request = null;
        error = null;
        if (words.Count < 2)
        {
            error = "usage: originate user/1000 echo | playback [FILE] | tone";
            return false;
        }

        if (!TryParseTarget(words[0], out _, out _, out error))
        {
            return false;
        }

        // FreeSWITCH spells applications "&echo()" and "&playback(file)"; accept that too.
        var app = words[1].TrimStart('&');
        string? inlineFile = null;
        var paren = app.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0 && app.EndsWith(')'))
        {
            inlineFile = app[(paren + 1)..^1];
            app = app[..paren];
        }

        CallApplicationKind kind;
        switch (app.ToUpperInvariant())
        {
            case "ECHO":
                kind = CallApplicationKind.Echo;
                break;
            case "PLAYBACK":
                kind = CallApplicationKind.Playback;
                break;
            case "TONE":
                kind = CallApplicationKind.Tone;
                break;
            default:
                error = $"unknown application '{words[1]}': echo, playback [FILE] or tone";
                return false;
        }

        var file = words.Count > 2 ? words[2] : string.IsNullOrEmpty(inlineFile) ? null : inlineFile;
        if (kind != CallApplicationKind.Playback && file is not null)
        {
            error = $"{app} takes no file";
            return false;
        }

        request = new OriginateRequest(words[0], kind, file);
        return true;
    }

    /// <summary>Splits "user/1000[@domain]" into user and domain, or checks a SIP URI.</summary>
    /// <param name="target">The target as given.</param>
    /// <param name="user">The user of a user/ target, or null for a SIP URI.</param>
    /// <param name="domain">The domain of user/NAME@domain, or null.</param>
    /// <param name="error">Why the target is not understood.</param>
    public static bool TryParseTarget(string target, out string? user, out string? domain, out string? error)
    {
        ArgumentNullException.ThrowIfNull(target);
        user = null;
        domain = null;
        error = null;
        if (target.StartsWith("user/", StringComparison.OrdinalIgnoreCase))
        {
            var rest = target[5..];
            var at = rest.IndexOf('@', StringComparison.Ordinal);
            user = at >= 0 ? rest[..at] : rest;
            domain = at >= 0 ? rest[(at + 1)..] : null;
            if (user.Length == 0 || user.AsSpan().IndexOfAny(Forbidden) >= 0 || domain is { Length: 0 })
            {
                error = $"'{target}' is not user/NAME or user/NAME@domain";
                return false;
            }

            return true;
        }

        if ((target.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || target.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
            && Bridgehead.Sip.SipUri.TryParse(target, out var uri) && uri.IsSip)
        {
            return true;
        }

        error = $"'{target}' is neither user/NAME nor a sip: URI";
        return false;
    }
}
