using System.Buffers.Text;
using System.Net;
using System.Text;
using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;

namespace Bridgehead.Routing.Registrar;

/// <summary>
/// What a REGISTER relayed to a switch carries about the user, and how the edge reads it back
/// (PRODUCT.md flow 1). The switch must store something that reaches the user through the edge
/// and never ";transport=ws" (a switch that sees it speaks WebSocket to our UDP port and the
/// call never leaves) nor a private address it cannot reach:
/// <list type="bullet">
/// <item>Path (RFC 3327 §5.2) names the edge, with the user's flow (RFC 5626 §5.2) for a
/// connection, or the registered contact's key for UDP;</item>
/// <item>a Contact the switch could not reach as it is (WebSocket, TCP/TLS, an address other than
/// the one the REGISTER came from) — or every Contact, for a switch without Path support — is
/// presented as the edge's: the user part kept, the contact's key in a parameter. The key
/// depends on the contact alone, so a re-REGISTER on a new connection refreshes the same binding
/// at the switch; where it leads is looked up in the edge's location, which follows the user's
/// connection.</item>
/// </list>
/// Pure: bytes in, bytes or a value out.
/// </summary>
public static class RelayContact
{
    /// <summary>The URI parameter that carries a registered contact's key.</summary>
    public static ReadOnlySpan<byte> KeyParameter => "bhreg"u8;

    private const byte KeyVersion = 1;

    /// <summary>The key of a contact URI: base64url of a version byte and the URI.</summary>
    public static string Key(ReadOnlySpan<byte> contactUri)
    {
        var raw = new byte[contactUri.Length + 1];
        raw[0] = KeyVersion;
        contactUri.CopyTo(raw.AsSpan(1));
        return Base64Url.EncodeToString(raw);
    }

    /// <summary>The contact URI a key stands for; false when it does not decode.</summary>
    public static bool TryReadKey(ReadOnlySpan<byte> key, out byte[] contactUri)
    {
        contactUri = [];
        if (key.IsEmpty || key.Length > 4096)
        {
            return false;
        }

        var raw = new byte[Base64Url.GetMaxDecodedLength(key.Length)];
        if (Base64Url.DecodeFromUtf8(key, raw, out _, out var written) != System.Buffers.OperationStatus.Done || written < 2 || raw[0] != KeyVersion)
        {
            return false;
        }

        contactUri = raw.AsSpan(1, written - 1).ToArray();
        return true;
    }

    /// <summary>True when the URI is one the edge presented for a registered contact: the contact it stands for.</summary>
    public static bool TryRead(in SipUri uri, out byte[] contactUri)
    {
        contactUri = [];
        return uri.IsSip && uri.TryGetParameter(KeyParameter, out var key) && TryReadKey(key.Span, out contactUri);
    }

    /// <summary>
    /// Whether a switch can reach the contact as it is: plain UDP at exactly the address and port
    /// the REGISTER came from (no NAT in between, no connection it would have to open).
    /// </summary>
    public static bool IsReachableAsIs(in SipUri contact, in SipDestination source)
    {
        if (contact.Scheme != UriScheme.Sip || source.Transport != SipTransportKind.Udp)
        {
            return false;
        }

        if (contact.TryGetParameter("transport"u8, out var transport) && !Ascii.EqualsIgnoreCase(transport.Span, "udp"u8))
        {
            return false;
        }

        if (contact.TryGetParameter("maddr"u8, out _) || !NextHop.TryParseAddress(contact.Host.Span, out var address))
        {
            return false;
        }

        var from = source.EndPoint;
        return Normalize(address).Equals(Normalize(from.Address)) && contact.PortOrDefault(SipTransportKind.Udp) == from.Port;
    }

    /// <summary>
    /// The Contact header value a relayed REGISTER carries: every value, each kept or presented as
    /// the edge's on <paramref name="facing"/> (see the class remarks), joined in one header line;
    /// <paramref name="otherLines"/> are the further Contact lines to drop. Null when nothing
    /// changes (no Contact, only "*", or every contact reachable as it is).
    /// </summary>
    public static byte[]? Rewrite(SipMessage register, in SipDestination source, SipListenerInfo facing, bool always, out List<int> otherLines)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(facing);
        otherLines = [];
        var first = register.IndexOf(HeaderId.Contact);
        if (first < 0)
        {
            return null;
        }

        var user = register.To.Uri.HasUser ? register.To.Uri.User : default;
        var result = new List<byte>(256);
        var changed = false;
        foreach (var value in register.Values(HeaderId.Contact))
        {
            if (result.Count > 0)
            {
                result.AddRange(", "u8);
            }

            if (!NameAddress.TryParse(value.Memory, out var contact, allowWildcard: true) || contact.IsWildcard || !contact.Uri.IsSip
                || (!always && IsReachableAsIs(contact.Uri, source)) || !value.Span.Overlaps(contact.UriText.Span, out var uriStart))
            {
                result.AddRange(value.Span);
                continue;
            }

            changed = true;
            var span = value.Span;
            var bracketed = span[..uriStart].IndexOf((byte)'<') >= 0;
            result.AddRange(bracketed ? span[..uriStart] : "<"u8);
            result.AddRange(EdgeUri(contact.Uri.HasUser ? contact.Uri.User.Span : user.Span, facing, contact.UriText.Span));
            result.AddRange(bracketed ? span[(uriStart + contact.UriText.Length)..] : ">"u8);
            if (!bracketed)
            {
                // Without brackets the parameters after the URI were header parameters (RFC 3261 §20.10).
                result.AddRange(span[(uriStart + contact.UriText.Length)..]);
            }
        }

        if (!changed)
        {
            return null;
        }

        for (var i = register.IndexOf(HeaderId.Contact, first + 1); i >= 0; i = register.IndexOf(HeaderId.Contact, i + 1))
        {
            otherLines.Add(i);
        }

        return [.. result];
    }

    /// <summary>
    /// The parameters of the edge's Path entry after ";lr": the user's flow when it holds a
    /// connection (RFC 5626 §5.2, see <see cref="FlowToken"/>), else the first contact's key; empty
    /// for a REGISTER without a contact (a query, or "*").
    /// </summary>
    public static string PathParameters(SipMessage register, in SipDestination source)
    {
        ArgumentNullException.ThrowIfNull(register);
        foreach (var value in register.Values(HeaderId.Contact))
        {
            if (!NameAddress.TryParse(value.Memory, out var contact) || contact.IsWildcard)
            {
                continue;
            }

            return source.ConnectionId != 0
                ? $";{Encoding.ASCII.GetString(FlowToken.ParameterName)}={FlowToken.Encode(source, contact.UriText.Span)}"
                : $";{Encoding.ASCII.GetString(KeyParameter)}={Key(contact.UriText.Span)}";
        }

        return "";
    }

    /// <summary>
    /// Reads the edge's own Path entry back from a consumed Route: the registered contact it names
    /// and, for a connection, the flow. False when the entry carries neither.
    /// </summary>
    public static bool TryReadPath(in SipUri route, out byte[] contactUri, out SipDestination? flow)
    {
        flow = null;
        if (route.TryGetParameter(FlowToken.ParameterName, out var token) && FlowToken.TryDecode(token.Span, out var decoded, out contactUri))
        {
            flow = decoded;
            return true;
        }

        return TryRead(route, out contactUri);
    }

    /// <summary>
    /// The expiry the switch granted each contact in its 2xx, by the contact as the user sent it
    /// (a contact the edge presented is read back to the user's), and the Expires header's value
    /// (-1 when absent).
    /// </summary>
    public static Dictionary<string, int> GrantedExpiries(SipMessage response, out int headerExpires)
    {
        ArgumentNullException.ThrowIfNull(response);
        headerExpires = response.Has(HeaderId.Expires) && SipText.TryParseInt32(SipText.TrimLws(response.FirstValue(HeaderId.Expires)), out var e) ? e : -1;
        var granted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in response.Values(HeaderId.Contact))
        {
            if (!NameAddress.TryParse(value.Memory, out var contact) || !contact.TryGetParameter("expires"u8, out var expires)
                || !SipText.TryParseInt32(SipParameters.Unquote(expires.Span), out var seconds))
            {
                continue;
            }

            var uri = TryRead(contact.Uri, out var original) ? Encoding.UTF8.GetString(original) : Encoding.UTF8.GetString(contact.UriText.Span);
            granted[uri] = seconds;
        }

        return granted;
    }

    /// <summary>
    /// Puts the user's own contact URIs back into a switch's 2xx where the edge presented its own
    /// (RFC 3261 §10.2.4: a UA finds its binding in the 2xx by its Contact).
    /// </summary>
    public static void Restore(SipMessageEditor editor, SipMessage response)
    {
        ArgumentNullException.ThrowIfNull(editor);
        ArgumentNullException.ThrowIfNull(response);
        foreach (var value in response.Values(HeaderId.Contact))
        {
            if (NameAddress.TryParse(value.Memory, out var contact) && TryRead(contact.Uri, out var original)
                && value.Span.Overlaps(contact.UriText.Span, out var uriStart))
            {
                editor.Replace(value.Start + uriStart, contact.UriText.Length, original);
            }
        }
    }

    private static byte[] EdgeUri(ReadOnlySpan<byte> user, SipListenerInfo facing, ReadOnlySpan<byte> originalUri)
    {
        var uri = new StringBuilder(160);
        uri.Append("sip:");
        if (!user.IsEmpty)
        {
            uri.Append(Encoding.UTF8.GetString(user)).Append('@');
        }

        uri.Append(facing.HostPort);
        if (facing.Transport != SipTransportKind.Udp)
        {
            uri.Append(";transport=").Append(facing.Transport.Scheme());
        }

        uri.Append(';').Append(Encoding.ASCII.GetString(KeyParameter)).Append('=').Append(Key(originalUri));
        return Encoding.UTF8.GetBytes(uri.ToString());
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
