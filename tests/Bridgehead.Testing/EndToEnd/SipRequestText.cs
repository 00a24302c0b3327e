using System.Globalization;
using System.Text;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>Well-formed requests as a plain UA sends them, from a test client's address.</summary>
public static class SipRequestText
{
    public static string NewCallId() => "bh-" + Guid.NewGuid().ToString("N");

    public static string NewBranch() => "z9hG4bK" + Guid.NewGuid().ToString("N");

    /// <summary>Any request: Via (with rport) from the client, From with a tag, To as given, Content-Length of the body.</summary>
    public static string Request(
        string method,
        string requestUri,
        SipTestClient from,
        string fromUri,
        string toUri,
        string callId,
        int cseq = 1,
        string? contact = null,
        string body = "",
        params string[] extraHeaders)
    {
        ArgumentNullException.ThrowIfNull(from);
        var text = new StringBuilder(512)
            .Append(CultureInfo.InvariantCulture, $"{method} {requestUri} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/{from.Transport} {from.HostPort};branch={NewBranch()};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <{fromUri}>;tag={Guid.NewGuid():N}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <{toUri}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {callId}\r\n")
            .Append(CultureInfo.InvariantCulture, $"CSeq: {cseq} {method}\r\n");
        if (contact is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Contact: {contact}\r\n");
        }

        foreach (var h in extraHeaders)
        {
            text.Append(h).Append("\r\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n").Append(body);
        return text.ToString();
    }

    /// <summary>OPTIONS to <paramref name="requestUri"/> (sip:host:port pings the server itself).</summary>
    public static string Options(SipTestClient from, string requestUri, string callId) =>
        Request("OPTIONS", requestUri, from, $"sip:probe@{Host(from)}", requestUri, callId);

    /// <summary>
    /// REGISTER of sip:user@domain with the client's own address as the contact (unless one is given).
    /// </summary>
    public static string Register(SipTestClient from, string user, string domain, string callId, int cseq = 1, int expires = 3600, string? contact = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        contact ??= $"<sip:{user}@{from.HostPort};transport={from.Transport.ToLowerInvariant()}>";
        return Request(
            "REGISTER",
            $"sip:{domain}",
            from,
            $"sip:{user}@{domain}",
            $"sip:{user}@{domain}",
            callId,
            cseq,
            contact,
            extraHeaders: [$"Expires: {expires.ToString(CultureInfo.InvariantCulture)}"]);
    }

    private static string Host(SipTestClient client)
    {
        var hostPort = client.HostPort;
        return hostPort[..hostPort.LastIndexOf(':')];
    }
}
