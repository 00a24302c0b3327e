using System.Net;
using System.Net.Sockets;
using System.Text;
using Bridgehead.Sip;

namespace Bridgehead.AppNode.Sip;

/// <summary>
/// Where a request the node sends goes (RFC 3261 §8.1.2): the first Route when there is one,
/// else the Request-URI; its maddr or host and port, over the transport it names (UDP by
/// default). Hosts are IP literals in practice (a Path or Record-Route written by the edge, a
/// Contact); a name is resolved with the system resolver (A/AAAA, no SRV: the node talks to
/// configured peers, not to the world).
/// </summary>
public static class NextHop
{
    public static SipDestination? For(string requestUri, IReadOnlyList<string> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        SipUri uri;
        if (routes.Count > 0)
        {
            if (!NameAddress.TryParse(Encoding.UTF8.GetBytes(routes[0]), out var route))
            {
                return null;
            }

            uri = route.Uri;
        }
        else if (!SipUri.TryParse(requestUri, out uri))
        {
            return null;
        }

        return For(uri);
    }

    public static SipDestination? For(SipUri uri)
    {
        if (!uri.IsSip)
        {
            return null;
        }

        var transport = uri.Transport ?? (uri.Scheme == UriScheme.Sips ? SipTransportKind.Tls : SipTransportKind.Udp);
        if (transport.IsWebSocket())
        {
            // The node cannot open a WebSocket to a browser: that is the edge's job (and a Contact
            // with transport=ws stored here is the very mistake the product warns about).
            return null;
        }

        var host = uri.TryGetParameter("maddr"u8, out var maddr) ? Encoding.ASCII.GetString(maddr.Span) : uri.HostText;
        var address = Resolve(host);
        return address is null ? null : new SipDestination(transport, new IPEndPoint(address, uri.PortOrDefault(transport)));
    }

    private static IPAddress? Resolve(string host)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }

        try
        {
            return Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault();
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
