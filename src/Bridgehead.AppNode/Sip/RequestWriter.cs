using Bridgehead.Sip;

namespace Bridgehead.AppNode.Sip;

/// <summary>The node's own address as it goes into Via and Contact.</summary>
/// <param name="Transport">The transport of the node's listener.</param>
/// <param name="Host">The advertised host (IPv6 in brackets).</param>
/// <param name="Port">The advertised port.</param>
public sealed record LocalContact(SipTransportKind Transport, string Host, int Port)
{
    public string HostPort => $"{Host}:{Port}";

    /// <summary>&lt;sip:user@host:port;transport=…&gt; (the transport parameter only when not UDP).</summary>
    public string ContactFor(string user) =>
        Transport == SipTransportKind.Udp ? $"<sip:{user}@{HostPort}>" : $"<sip:{user}@{HostPort};transport={Transport.Scheme()}>";
}

/// <summary>Writes requests the node originates: an initial INVITE, and requests inside a dialog (RFC 3261 §8.1.1, §12.2.1.1).</summary>
public static class RequestWriter
{
    public const string Allow = "INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER";

    /// <summary>A request with every header the RFC requires; the Content-Length is written from the body.</summary>
    public static byte[] Write(
        SipMethod method,
        string requestUri,
        LocalContact local,
        string branch,
        IReadOnlyList<string> routes,
        string from,
        string to,
        string callId,
        uint sequence,
        string? contact,
        string userAgent,
        string? contentType = null,
        ReadOnlySpan<byte> body = default)
    {
        using var writer = new SipMessageWriter(1024 + body.Length);
        writer.Write(method.Name()).Write((byte)' ').Write(requestUri).Write(" SIP/2.0\r\n"u8);
        writer.Write("Via: SIP/2.0/"u8).Write(local.Transport.ViaToken()).Write((byte)' ').Write(local.HostPort).Write(";branch="u8).Write(branch).Write(";rport\r\n"u8);
        writer.WriteHeader(HeaderId.MaxForwards, 70);
        foreach (var route in routes)
        {
            writer.WriteHeader(HeaderId.Route, route);
        }

        writer.WriteHeader(HeaderId.From, from);
        writer.WriteHeader(HeaderId.To, to);
        writer.WriteHeader(HeaderId.CallId, callId);
        writer.Write("CSeq: "u8).WriteDecimal(sequence).Write((byte)' ').Write(method.Name()).WriteCrlf();
        if (contact is not null)
        {
            writer.WriteHeader(HeaderId.Contact, contact);
        }

        if (method is SipMethod.Invite or SipMethod.Options)
        {
            writer.WriteHeader(HeaderId.Allow, Allow);
        }

        writer.WriteHeader(HeaderId.UserAgent, userAgent);
        if (contentType is not null)
        {
            writer.WriteHeader(HeaderId.ContentType, contentType);
        }

        writer.WriteBody(body);
        return writer.ToArray();
    }

    /// <summary>
    /// A request inside a dialog: Request-URI and Route from the route set (RFC 3261 §12.2.1.1:
    /// with a strict router first, its URI becomes the Request-URI and the remote target goes last),
    /// From/To/Call-ID from the dialog.
    /// </summary>
    public static byte[] InDialog(Dialog dialog, SipMethod method, uint sequence, LocalContact local, string branch, string contactUser, string userAgent, string? contentType = null, ReadOnlySpan<byte> body = default)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        var (requestUri, routes) = Target(dialog.RemoteTarget, dialog.RouteSet);
        var contact = method == SipMethod.Invite ? local.ContactFor(contactUser) : null;
        return Write(method, requestUri, local, branch, routes, dialog.LocalAddress, dialog.RemoteAddress, dialog.CallId, sequence, contact, userAgent, contentType, body);
    }

    /// <summary>The Request-URI and Route headers for a target and route set (RFC 3261 §12.2.1.1, §8.1.2).</summary>
    public static (string RequestUri, IReadOnlyList<string> Routes) Target(string remoteTarget, IReadOnlyList<string> routeSet)
    {
        ArgumentNullException.ThrowIfNull(routeSet);
        if (routeSet.Count == 0)
        {
            return (remoteTarget, []);
        }

        if (NameAddress.TryParse(System.Text.Encoding.UTF8.GetBytes(routeSet[0]), out var first) && !first.Uri.IsLooseRouter)
        {
            // Strict router (RFC 2543): it gets the request with its own URI as Request-URI.
            var routes = new List<string>(routeSet.Count);
            for (var i = 1; i < routeSet.Count; i++)
            {
                routes.Add(routeSet[i]);
            }

            routes.Add($"<{remoteTarget}>");
            return (first.Uri.ToString(), routes);
        }

        return (remoteTarget, routeSet);
    }
}
