using System.Text;
using Bridgehead.Sip;

namespace Bridgehead.Routing.Proxy;

/// <summary>
/// The Contact a WebSocket client's request or response carries onward. A browser's Contact
/// (sip:x@y.invalid;transport=ws) can be reached by nobody but the edge, and a switch that sees
/// transport=ws tries to speak WebSocket to the edge's UDP port (the seed's "call never leaves").
/// So the edge presents a Contact of its own on the listener facing the next hop, keeping the user
/// part and carrying the client's flow and original Contact in a <see cref="FlowToken"/>; an
/// in-dialog request to it goes back over the client's connection with the original Request-URI.
/// </summary>
/// <remarks>The URI carries ";lr" so a Request-URI naming the edge is not taken for a strict router's (RFC 3261 §16.4).</remarks>
public static class FlowContact
{
    /// <summary>
    /// The new value of the Contact header (display name and header parameters kept), or null when
    /// the message has no single usable Contact.
    /// </summary>
    public static byte[]? Rewrite(SipMessage message, in SipDestination flow, SipListenerInfo facing)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(facing);
        var index = message.IndexOf(HeaderId.Contact);
        if (index < 0)
        {
            return null;
        }

        var value = message.FirstValueMemory(HeaderId.Contact);
        if (!NameAddress.TryParse(value, out var contact) || contact.IsWildcard || !contact.Uri.IsSip ||
            !value.Span.Overlaps(contact.UriText.Span, out var uriStart))
        {
            return null;
        }

        var uri = new StringBuilder(160);
        uri.Append("sip:");
        if (contact.Uri.HasUser)
        {
            uri.Append(Encoding.UTF8.GetString(contact.Uri.User.Span)).Append('@');
        }

        uri.Append(facing.HostPort);
        if (facing.Transport != SipTransportKind.Udp)
        {
            uri.Append(";transport=").Append(facing.Transport.Scheme());
        }

        uri.Append(";lr;").Append(Encoding.ASCII.GetString(FlowToken.ParameterName)).Append('=')
            .Append(FlowToken.Encode(flow, contact.UriText.Span));

        var span = value.Span;
        var before = span[..uriStart];
        var after = span[(uriStart + contact.UriText.Length)..];
        var bracketed = before.IndexOf((byte)'<') >= 0;
        var result = new List<byte>(span.Length + 160);
        result.AddRange(bracketed ? before : "<"u8);
        result.AddRange(Encoding.UTF8.GetBytes(uri.ToString()));
        result.AddRange(bracketed ? after : ">"u8);
        return [.. result];
    }

    /// <summary>True when the URI is one the edge made with <see cref="Rewrite"/>: where it leads and the Request-URI to restore.</summary>
    public static bool TryRead(in SipUri uri, out SipDestination flow, out byte[] originalUri)
    {
        flow = default;
        originalUri = [];
        return uri.IsSip && uri.TryGetParameter(FlowToken.ParameterName, out var token) && FlowToken.TryDecode(token.Span, out flow, out originalUri);
    }
}
