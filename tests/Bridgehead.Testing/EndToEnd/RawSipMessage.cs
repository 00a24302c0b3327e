using System.Globalization;
using System.Text;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>
/// A SIP message as a test peer sees it: the start line, header lines in order (compact names
/// expanded, folded lines joined) and the body. Deliberately lenient and independent of the
/// product's parser, so that what the server sends is judged by a second reading.
/// </summary>
public sealed class RawSipMessage
{
    private static readonly Dictionary<string, string> CompactNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["i"] = "Call-ID",
        ["m"] = "Contact",
        ["e"] = "Content-Encoding",
        ["l"] = "Content-Length",
        ["c"] = "Content-Type",
        ["f"] = "From",
        ["s"] = "Subject",
        ["k"] = "Supported",
        ["t"] = "To",
        ["v"] = "Via",
        ["r"] = "Refer-To",
        ["o"] = "Event",
        ["u"] = "Allow-Events",
        ["x"] = "Session-Expires",
    };

    private RawSipMessage(byte[] bytes, string startLine, List<KeyValuePair<string, string>> headers, byte[] body)
    {
        Bytes = bytes;
        StartLine = startLine;
        Headers = headers;
        Body = body;
        var parts = startLine.Split(' ', 3);
        if (startLine.StartsWith("SIP/", StringComparison.Ordinal))
        {
            IsResponse = true;
            StatusCode = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : -1;
            ReasonPhrase = parts.Length > 2 ? parts[2] : string.Empty;
        }
        else
        {
            Method = parts[0];
            RequestUri = parts.Length > 1 ? parts[1] : string.Empty;
        }
    }

    /// <summary>Every octet as received.</summary>
    public byte[] Bytes { get; }

    public string StartLine { get; }

    public bool IsResponse { get; }

    /// <summary>The status of a response, -1 when it is not a number.</summary>
    public int StatusCode { get; }

    public string ReasonPhrase { get; } = string.Empty;

    /// <summary>The method of a request; empty for a response.</summary>
    public string Method { get; } = string.Empty;

    public string RequestUri { get; } = string.Empty;

    /// <summary>Header fields in order, names in their long form.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public byte[] Body { get; }

    public string? CallId => Header("Call-ID");

    /// <summary>The method of the CSeq header ("INVITE" in "1 INVITE").</summary>
    public string CSeqMethod => (Header("CSeq") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;

    public string Text => Encoding.UTF8.GetString(Bytes);

    /// <summary>The first value of a header (long or compact name, any case), or null.</summary>
    public string? Header(string name) => HeaderValues(name).FirstOrDefault();

    public IEnumerable<string> HeaderValues(string name)
    {
        var wanted = LongName(name);
        foreach (var (n, v) in Headers)
        {
            if (string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase))
            {
                yield return v;
            }
        }
    }

    /// <summary>Parses a whole message (a datagram, or one message framed off a stream); null when there is no start line.</summary>
    public static RawSipMessage? TryParse(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        var headerBytes = end < 0 ? data : data[..end];
        var body = end < 0 ? [] : data[(end + 4)..].ToArray();
        var lines = Encoding.UTF8.GetString(headerBytes).Split("\r\n");
        var first = 0;
        while (first < lines.Length && lines[first].Length == 0)
        {
            first++;
        }

        if (first >= lines.Length)
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        for (var i = first + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            headers.Add(new(LongName(line[..colon].Trim()), line[(colon + 1)..].Trim()));
        }

        return new RawSipMessage(data.ToArray(), lines[first], headers, body);
    }

    /// <summary>
    /// A response to this request as a plain UA would build it (RFC 3261 §8.2.6.2): every Via,
    /// From, To with a tag added when it has none, Call-ID and CSeq copied.
    /// </summary>
    public byte[] ResponseTo(int status, string reason, string toTag = "peer", params string[] extraHeaders)
    {
        var text = new StringBuilder(512).Append(CultureInfo.InvariantCulture, $"SIP/2.0 {status} {reason}\r\n");
        foreach (var via in HeaderValues("Via"))
        {
            text.Append("Via: ").Append(via).Append("\r\n");
        }

        var to = Header("To") ?? string.Empty;
        if (status > 100 && !to.Contains(";tag=", StringComparison.OrdinalIgnoreCase))
        {
            to += ";tag=" + toTag;
        }

        text.Append("From: ").Append(Header("From")).Append("\r\n")
            .Append("To: ").Append(to).Append("\r\n")
            .Append("Call-ID: ").Append(CallId).Append("\r\n")
            .Append("CSeq: ").Append(Header("CSeq")).Append("\r\n");
        foreach (var h in extraHeaders)
        {
            text.Append(h).Append("\r\n");
        }

        text.Append("Content-Length: 0\r\n\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public override string ToString() => StartLine;

    private static string LongName(string name) => CompactNames.TryGetValue(name, out var full) ? full : name;
}
