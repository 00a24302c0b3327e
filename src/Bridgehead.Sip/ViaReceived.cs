using System.Net;

namespace Bridgehead.Sip;

/// <summary>
/// The received/rport parameters a server adds to the top Via of a request it received
/// (RFC 3261 §18.2.1, RFC 3581 §4), so that responses go back to where the request came from
/// even behind NAT.
/// </summary>
public static class ViaReceived
{
    /// <summary>
    /// Writes <paramref name="viaValue"/> (one Via value) with received and rport set from the
    /// packet's source. received is added when the sent-by host differs from the source address
    /// or when the client asked for rport; rport gets the source port when asked for. Existing
    /// received/rport parameters are replaced, never duplicated.
    /// </summary>
    public static void Write(SipMessageWriter writer, ReadOnlySpan<byte> viaValue, in Via via, IPEndPoint source)
    {
        var paramsStart = viaValue.Length - via.Parameters.Length;
        writer.Write(viaValue[..paramsStart]);

        var parameters = viaValue[paramsStart..];
        var cursor = new SipParameterCursor(parameters);
        var copied = 0;
        var rport = false;
        while (cursor.MoveNext())
        {
            var name = parameters[cursor.Name];
            var isReceived = System.Text.Ascii.EqualsIgnoreCase(name, "received"u8);
            var isRport = System.Text.Ascii.EqualsIgnoreCase(name, "rport"u8);
            if (isReceived || isRport)
            {
                // Drop from the ';' that starts this parameter to its end.
                var semicolon = parameters[..cursor.Name.Start.Value].LastIndexOf((byte)';');
                writer.Write(parameters[copied..semicolon]);
                copied = cursor.Position;
                rport |= isRport;
            }
        }

        writer.Write(parameters[copied..]);

        // A dual-mode (IPv6) socket reports an IPv4 peer as ::ffff:a.b.c.d; the client knows
        // itself by the IPv4 address, so that is what received must carry and compare with.
        var address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        if (rport || !HostMatches(via, address))
        {
            writer.Write(";received="u8);
            WriteAddress(writer, address);
        }

        if (rport)
        {
            writer.Write(";rport="u8).WriteDecimal(source.Port);
        }
    }

    /// <summary>
    /// Where a response to a request with this top Via goes over an unreliable transport
    /// (RFC 3261 §18.2.2 with RFC 3581 §4): always the address the request came from (that is what
    /// received records), and its port too when the client asked for rport; otherwise the port
    /// of sent-by, defaulting by transport.
    /// </summary>
    public static IPEndPoint ResponseDestination(in Via via, IPEndPoint source) =>
        via.HasRport || via.PortOrDefault == source.Port ? source : new IPEndPoint(source.Address, via.PortOrDefault);

    private static bool HostMatches(in Via via, IPAddress source) =>
        IPAddress.TryParse(via.HostText, out var host) && host.Equals(source);

    private static void WriteAddress(SipMessageWriter writer, IPAddress address)
    {
        Span<char> chars = stackalloc char[64];
        if (!address.TryFormat(chars, out var n))
        {
            throw new InvalidOperationException("address does not format");
        }

        // RFC 5118 §4.5: received carries an IPv6 address; brackets are accepted either way,
        // and the bracket-less form is what RFC 3261's ABNF (IPv6address) specifies.
        Span<byte> bytes = stackalloc byte[64];
        for (var i = 0; i < n; i++)
        {
            bytes[i] = (byte)chars[i];
        }

        writer.Write(bytes[..n]);
    }
}
