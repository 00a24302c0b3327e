using System.Globalization;
using System.Text;
using Bridgehead.Sip;
using Bridgehead.Sip.Digest;

namespace Bridgehead.Doctor.Softphone;

/// <summary>Answers a 401/407 challenge as a phone does (RFC 3261 §22.2, RFC 8760: SHA-256 preferred over MD5, qop=auth).</summary>
internal static class DigestAnswer
{
    public static (HeaderId Header, string Value)? For(SipMessage challenge, SipMethod method, string requestUri, string user, string password, string cnonce)
    {
        var (challengeHeader, answerHeader) = challenge.StatusCode == 407
            ? (HeaderId.ProxyAuthenticate, HeaderId.ProxyAuthorization)
            : (HeaderId.WwwAuthenticate, HeaderId.Authorization);
        Dictionary<string, string>? chosen = null;
        var algorithm = DigestAlgorithm.Md5;
        // Whole header lines: a challenge's own commas are not list separators.
        foreach (ref readonly var header in challenge.Headers)
        {
            if (header.Id != challengeHeader || Parameters(Encoding.UTF8.GetString(challenge.Value(header))) is not { } c || !c.ContainsKey("nonce"))
            {
                continue;
            }

            var a = !c.TryGetValue("algorithm", out var token) ? DigestAlgorithm.Md5 : DigestAlgorithms.TryParse(Encoding.ASCII.GetBytes(token), out var parsed) ? parsed : (DigestAlgorithm?)null;
            if (a is { } known && (chosen is null || known == DigestAlgorithm.Sha256))
            {
                chosen = c;
                algorithm = known;
            }
        }

        if (chosen is null)
        {
            return null;
        }

        var realm = chosen.GetValueOrDefault("realm", string.Empty);
        var nonce = chosen["nonce"];
        var qop = chosen.TryGetValue("qop", out var offered) && offered.Split(',', StringSplitOptions.TrimEntries).Contains("auth") ? "auth" : string.Empty;
        const string nc = "00000001";
        var ha1 = DigestMath.Ha1(algorithm, user, realm, password);
        var response = DigestMath.Response(algorithm, ha1, Encoding.ASCII.GetString(method.Name()), requestUri, nonce, nc, cnonce, qop);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{requestUri}\", response=\"{response}\", algorithm={algorithm.Token()}");
        if (qop.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", qop={qop}, nc={nc}, cnonce=\"{cnonce}\"");
        }

        if (chosen.TryGetValue("opaque", out var opaque))
        {
            text.Append(CultureInfo.InvariantCulture, $", opaque=\"{opaque}\"");
        }

        return (answerHeader, text.ToString());
    }

    /// <summary>The name=value pairs of a Digest challenge (RFC 3261 §25.1 "challenge"), quotes removed; null for another scheme.</summary>
    private static Dictionary<string, string>? Parameters(string challenge)
    {
        if (!challenge.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var p = 7;
        while (p < challenge.Length)
        {
            while (p < challenge.Length && (challenge[p] is ' ' or '\t' or ','))
            {
                p++;
            }

            var eq = challenge.IndexOf('=', p);
            if (eq < 0)
            {
                break;
            }

            var name = challenge[p..eq].Trim();
            p = eq + 1;
            string value;
            if (p < challenge.Length && challenge[p] == '"')
            {
                var end = challenge.IndexOf('"', p + 1);
                end = end < 0 ? challenge.Length : end;
                value = challenge[(p + 1)..end];
                p = end + 1;
            }
            else
            {
                var end = challenge.IndexOf(',', p);
                end = end < 0 ? challenge.Length : end;
                value = challenge[p..end].Trim();
                p = end;
            }

            result[name] = value;
        }

        return result;
    }
}
