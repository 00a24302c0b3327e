using System.Text;
using Bridgehead.Sip;

namespace Bridgehead.Testing.Sip;

/// <summary>
/// Builds SIP requests and responses as text with CRLF line ends, the way a user agent writes
/// them: a start line, header lines in order, a Content-Length computed from the body (unless one
/// was set explicitly), then the body. Tests change the template with <see cref="Set"/>,
/// <see cref="Add"/>, <see cref="Remove"/> and <see cref="AddFirst"/>.
/// </summary>
public sealed class SipMessageBuilder
{
    private readonly List<(string Name, string Value)> _headers = [];

    private SipMessageBuilder(string startLine) => StartLine = startLine;

    public string StartLine { get; private set; }

    public string Body { get; private set; } = "";

    /// <summary>An empty request: a request line and nothing else.</summary>
    public static SipMessageBuilder Bare(string method, string requestUri) => new($"{method} {requestUri} SIP/2.0");

    /// <summary>
    /// A request as a user agent sends it: one Via (a fresh RFC 3261 branch, rport asked for),
    /// Max-Forwards 70, From with a tag, To (the Request-URI unless given), Call-ID, CSeq 1, and a
    /// Contact for INVITE and REGISTER.
    /// </summary>
    public static SipMessageBuilder Request(
        string method,
        string requestUri,
        string from = "sip:alice@example.com",
        string? to = null,
        string sentBy = "198.51.100.10:5060",
        string transport = "UDP",
        uint cseq = 1,
        string? callId = null)
    {
        var builder = Bare(method, requestUri)
            .Add("Via", $"SIP/2.0/{transport} {sentBy};branch={NewBranch()};rport")
            .Add("Max-Forwards", "70")
            .Add("From", $"<{from}>;tag={Unique("f")}")
            .Add("To", $"<{to ?? requestUri}>")
            .Add("Call-ID", $"{Unique("c")}@{HostOf(sentBy)}")
            .Add("CSeq", $"{cseq} {method}");
        if (method is "INVITE" or "REGISTER")
        {
            var user = from.StartsWith("sip:", StringComparison.Ordinal) && from.Contains('@', StringComparison.Ordinal)
                ? from[4..from.IndexOf('@', StringComparison.Ordinal)]
                : "ua";
            var contactTransport = transport == "UDP" ? "" : $";transport={transport.ToLowerInvariant()}";
            builder.Add("Contact", $"<sip:{user}@{sentBy}{contactTransport}>");
        }

        return builder;
    }

    /// <summary>
    /// The response a user agent server (or the next hop) sends to <paramref name="request"/>:
    /// every Via, From, To (with <paramref name="toTag"/> added above 100 when the request's To
    /// has none), Call-ID and CSeq copied as received; Record-Route copied for 101–299 as a UAS
    /// does for dialog-creating responses.
    /// </summary>
    public static SipMessageBuilder Response(SipMessage request, int status, string? reason = null, string? toTag = "uas-tag")
    {
        ArgumentNullException.ThrowIfNull(request);
        var builder = new SipMessageBuilder($"SIP/2.0 {status} {reason ?? ReasonFor(status)}");
        foreach (var h in request.Headers)
        {
            var value = Encoding.UTF8.GetString(request.Value(h));
            switch (h.Id)
            {
                case HeaderId.Via:
                    builder.Add("Via", value);
                    break;
                case HeaderId.RecordRoute when status is > 100 and < 300:
                    builder.Add("Record-Route", value);
                    break;
                case HeaderId.From:
                    builder.Add("From", value);
                    break;
                case HeaderId.To:
                    builder.Add("To", status > 100 && toTag is not null && !request.To.HasTag ? $"{value};tag={toTag}" : value);
                    break;
                case HeaderId.CallId:
                    builder.Add("Call-ID", value);
                    break;
                case HeaderId.CSeq:
                    builder.Add("CSeq", value);
                    break;
            }
        }

        return builder;
    }

    public static SipMessageBuilder Response(byte[] request, int status, string? reason = null, string? toTag = "uas-tag") =>
        Response(ParseValid(request), status, reason, toTag);

    /// <summary>A fresh RFC 3261 branch.</summary>
    public static string NewBranch() => Unique("z9hG4bK");

    /// <summary>Appends a header line.</summary>
    public SipMessageBuilder Add(string name, string value)
    {
        _headers.Add((name, value));
        return this;
    }

    /// <summary>Inserts a header line before every other (a new top Via, a Route).</summary>
    public SipMessageBuilder AddFirst(string name, string value)
    {
        _headers.Insert(0, (name, value));
        return this;
    }

    /// <summary>Replaces the first line of this name and removes the others; appends when absent.</summary>
    public SipMessageBuilder Set(string name, string value)
    {
        var index = _headers.FindIndex(h => Is(h.Name, name));
        if (index < 0)
        {
            return Add(name, value);
        }

        _headers[index] = (name, value);
        for (var i = _headers.Count - 1; i > index; i--)
        {
            if (Is(_headers[i].Name, name))
            {
                _headers.RemoveAt(i);
            }
        }

        return this;
    }

    /// <summary>Removes every line of this name.</summary>
    public SipMessageBuilder Remove(string name)
    {
        _headers.RemoveAll(h => Is(h.Name, name));
        return this;
    }

    public SipMessageBuilder RequestUri(string uri)
    {
        var parts = StartLine.Split(' ');
        StartLine = $"{parts[0]} {uri} {parts[2]}";
        return this;
    }

    public SipMessageBuilder WithBody(string contentType, string body)
    {
        Body = body;
        return Set("Content-Type", contentType);
    }

    /// <summary>The value of the first line of this name, or null.</summary>
    public string? Get(string name) => _headers.Find(h => Is(h.Name, name)).Value;

    /// <summary>The branch parameter of the top Via.</summary>
    public string Branch
    {
        get
        {
            var via = Get("Via") ?? throw new InvalidOperationException("no Via");
            var at = via.IndexOf(";branch=", StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return "";
            }

            var rest = via[(at + 8)..];
            var end = rest.IndexOfAny([';', ',', ' ']);
            return end < 0 ? rest : rest[..end];
        }
    }

    public string CallId => Get("Call-ID") ?? throw new InvalidOperationException("no Call-ID");

    public SipMessageBuilder Clone()
    {
        var copy = new SipMessageBuilder(StartLine) { Body = Body };
        copy._headers.AddRange(_headers);
        return copy;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(StartLine).Append("\r\n");
        foreach (var (name, value) in _headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (Get("Content-Length") is null)
        {
            text.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(Body)).Append("\r\n");
        }

        text.Append("\r\n").Append(Body);
        return text.ToString();
    }

    public byte[] Build() => Encoding.UTF8.GetBytes(ToString());

    /// <summary>The message parsed and validated; throws when the template is not valid SIP.</summary>
    public SipMessage Parse() => ParseValid(Build());

    public static SipMessage ParseValid(byte[] data)
    {
        var result = SipMessage.Parse(data);
        if (!result.Success)
        {
            throw new InvalidOperationException($"does not parse ({result.Error})");
        }

        var error = result.Message!.Validate();
        return error == SipParseError.None ? result.Message : throw new InvalidOperationException($"does not validate ({error})");
    }

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..20];

    private static string HostOf(string sentBy)
    {
        if (sentBy.StartsWith('['))
        {
            return sentBy[..(sentBy.IndexOf(']', StringComparison.Ordinal) + 1)];
        }

        var colon = sentBy.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? sentBy : sentBy[..colon];
    }

    private static string ReasonFor(int status) => status switch
    {
        100 => "Trying",
        180 => "Ringing",
        183 => "Session Progress",
        200 => "OK",
        302 => "Moved Temporarily",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        480 => "Temporarily Unavailable",
        486 => "Busy Here",
        487 => "Request Terminated",
        500 => "Server Internal Error",
        503 => "Service Unavailable",
        603 => "Decline",
        _ => "Status",
    };
}
