using System.Net;
using Bridgehead.Sip;

namespace Bridgehead.Routing.Proxy;

/// <summary>What changes when a request is forwarded (RFC 3261 §16.6).</summary>
public sealed record ForwardPlan
{
    /// <summary>The listener the request arrived on.</summary>
    public required SipListenerInfo Inbound { get; init; }

    /// <summary>The listener it leaves by (its Via and, if it differs, a second Record-Route).</summary>
    public required SipListenerInfo Outbound { get; init; }

    /// <summary>Where the request came from (for received/rport on the previous hop's Via).</summary>
    public required IPEndPoint Source { get; init; }

    /// <summary>A new Request-URI (a registered contact, or a strict router's last Route), or empty.</summary>
    public ReadOnlyMemory<byte> RequestUri { get; init; }

    /// <summary>Route values to remove: ours (loose routing), or a strict next hop's.</summary>
    public IReadOnlyList<HeaderValue> RemoveRoutes { get; init; } = [];

    /// <summary>Whole header lines to drop (our own realm's Proxy-Authorization, RFC 3261 §22.3).</summary>
    public IReadOnlyList<int> RemoveHeaders { get; init; } = [];

    /// <summary>A URI to add as the last Route value (the Request-URI a strict next hop replaces), or empty.</summary>
    public ReadOnlyMemory<byte> AppendRoute { get; init; }

    /// <summary>Whether this edge stays in the dialog's path (dialog-creating requests).</summary>
    public bool RecordRoute { get; init; }

    /// <summary>
    /// Set to add a Path value naming the outbound listener (REGISTER relayed to a switch, RFC
    /// 3327): the URI parameters after ";lr" (the user's flow, see <see cref="Registrar.RelayContact"/>), or empty.
    /// </summary>
    public string? Path { get; init; }

    /// <summary>A new value for the Contact header (a WebSocket client's, presented as the edge's; see <see cref="FlowContact"/>).</summary>
    public byte[]? Contact { get; init; }

    /// <summary>A new body (SDP rewritten by the media relay); Content-Length follows it.</summary>
    public byte[]? Body { get; init; }
}

/// <summary>
/// Builds the forwarded copy of a request with <see cref="SipMessageEditor"/>: our Via on top
/// with a fresh branch, received/rport on the previous hop's Via, the new Request-URI, our
/// Route values removed, Max-Forwards decremented (or set), Record-Route — two entries when the
/// request changes transport or interface, so in-dialog requests come back the right way — and
/// a Content-Length for stream transports. Everything else is copied byte-exact.
/// </summary>
public static class RequestForwarder
{
    public static byte[] Build(SipMessage request, ForwardPlan plan, ReadOnlySpan<byte> branch, int defaultMaxForwards)
    {
        using var editor = new SipMessageEditor(request);

        var via = editor.BeginInsert(out var mark);
        via.Write("Via: SIP/2.0/"u8).Write(plan.Outbound.Transport.ViaToken()).Write((byte)' ').Write(plan.Outbound.HostPort)
            .Write(";branch="u8).Write(branch).WriteCrlf();
        editor.EndInsert(request.HeadersStart, 0, mark);

        if (plan.RecordRoute)
        {
            var rr = editor.BeginInsert(out mark);

            // Both ends of the dialog see the whole list. Across WS<->UDP/TCP the WebSocket entry
            // goes without ";transport=ws": a WebSocket client sends over its connection whatever
            // the URI says, and the other end must never see a transport it cannot speak.
            var mixed = plan.Outbound.Transport.IsWebSocket() != plan.Inbound.Transport.IsWebSocket();
            WriteRecordRoute(rr, plan.Outbound, omitWebSocketTransport: mixed);
            if (plan.Outbound.Id != plan.Inbound.Id)
            {
                WriteRecordRoute(rr, plan.Inbound, omitWebSocketTransport: mixed);
            }

            editor.EndInsert(request.HeadersStart, 0, mark);
        }

        if (plan.Path is not null)
        {
            var path = editor.BeginInsert(out mark);
            path.Write("Path: <sip:"u8).Write(plan.Outbound.HostPort).Write(TransportParameter(plan.Outbound.Transport)).Write(";lr"u8).Write(plan.Path).Write(">\r\n"u8);
            editor.EndInsert(request.HeadersStart, 0, mark);
        }

        AddReceived(editor, request, plan.Source);

        if (!plan.RequestUri.IsEmpty)
        {
            editor.SetRequestUri(plan.RequestUri.Span);
        }

        if (plan.Contact is { } contact && request.IndexOf(HeaderId.Contact) is var contactIndex and >= 0)
        {
            editor.ReplaceHeaderValue(contactIndex, contact);
        }

        foreach (var route in plan.RemoveRoutes)
        {
            editor.RemoveValue(route);
        }

        foreach (var index in plan.RemoveHeaders)
        {
            editor.RemoveHeader(index);
        }

        if (!plan.AppendRoute.IsEmpty)
        {
            // RFC 3261 §16.6 step 6: the Request-URI goes last in Route when the next hop is a strict router.
            editor.AddHeaderLast(HeaderId.Route, [(byte)'<', .. plan.AppendRoute.Span, (byte)'>']);
        }

        var mf = request.IndexOf(HeaderId.MaxForwards);
        Span<byte> digits = stackalloc byte[4];
        if (mf >= 0)
        {
            var n = SipText.WriteDecimal(digits, Math.Max(request.MaxForwards - 1, 0));
            editor.ReplaceHeaderValue(mf, digits[..n]);
        }
        else
        {
            var n = SipText.WriteDecimal(digits, defaultMaxForwards);
            editor.AddHeaderLast(HeaderId.MaxForwards, digits[..n]);
        }

        if (plan.Body is { } body)
        {
            editor.ReplaceBody(body);
        }

        if (plan.Outbound.Transport.IsStream())
        {
            editor.EnsureContentLength();
        }

        return editor.ToArray();
    }

    /// <summary>"&lt;sip:host:port;transport=tcp;lr&gt;" for a listener (no transport parameter for UDP).</summary>
    public static void WriteRecordRoute(SipMessageWriter writer, SipListenerInfo listener, bool omitWebSocketTransport = false)
    {
        var transport = omitWebSocketTransport && listener.Transport.IsWebSocket() ? default : TransportParameter(listener.Transport);
        writer.Write("Record-Route: <sip:"u8)
            .Write(listener.HostPort).Write(transport).Write(";lr>\r\n"u8);
    }

    private static ReadOnlySpan<byte> TransportParameter(SipTransportKind transport) => transport switch
    {
        SipTransportKind.Tcp => ";transport=tcp"u8,
        SipTransportKind.Tls => ";transport=tls"u8,
        SipTransportKind.Ws => ";transport=ws"u8,
        SipTransportKind.Wss => ";transport=wss"u8,
        _ => default,
    };

    private static void AddReceived(SipMessageEditor editor, SipMessage request, IPEndPoint source)
    {
        foreach (var value in request.Values(HeaderId.Via))
        {
            var writer = editor.BeginInsert(out var mark);
            ViaReceived.Write(writer, value.Span, request.TopVia, source);
            editor.EndInsert(value.Start, value.Length, mark);
            return;
        }
    }
}
