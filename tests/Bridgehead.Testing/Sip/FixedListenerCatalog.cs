using System.Net;
using System.Net.Sockets;
using Bridgehead.Routing;
using Bridgehead.Sip;

namespace Bridgehead.Testing.Sip;

/// <summary>
/// A fixed set of listeners: UDP, TCP and WS on one IPv4 and one IPv6 address (documentation
/// ranges, RFC 5737 and RFC 3849: nothing is ever sent to them, the sender is a recorder).
/// </summary>
public sealed class FixedListenerCatalog : ISipListenerCatalog
{
    public const int UdpV4 = 0;
    public const int TcpV4 = 1;
    public const int WsV4 = 2;
    public const int UdpV6 = 3;
    public const int TcpV6 = 4;
    public const int WsV6 = 5;

    public static readonly IPAddress EdgeV4 = IPAddress.Parse("192.0.2.1");
    public static readonly IPAddress EdgeV6 = IPAddress.Parse("2001:db8::1");

    public FixedListenerCatalog(IReadOnlyList<SipListenerInfo>? listeners = null) => Listeners = listeners ?? Standard();

    public IReadOnlyList<SipListenerInfo> Listeners { get; }

    /// <summary>UDP and TCP on port 5060 and WS on 8080, for 192.0.2.1 and [2001:db8::1].</summary>
    public static IReadOnlyList<SipListenerInfo> Standard() =>
    [
        Listener(UdpV4, SipTransportKind.Udp, EdgeV4, 5060),
        Listener(TcpV4, SipTransportKind.Tcp, EdgeV4, 5060),
        Listener(WsV4, SipTransportKind.Ws, EdgeV4, 8080),
        Listener(UdpV6, SipTransportKind.Udp, EdgeV6, 5060),
        Listener(TcpV6, SipTransportKind.Tcp, EdgeV6, 5060),
        Listener(WsV6, SipTransportKind.Ws, EdgeV6, 8080),
    ];

    public static SipListenerInfo Listener(int id, SipTransportKind transport, IPAddress address, int port) =>
        new(id, transport, new IPEndPoint(address, port), address.ToString(), port);

    /// <summary>The listener of this transport and address family.</summary>
    public SipListenerInfo Find(SipTransportKind transport, AddressFamily family) =>
        Listeners.First(l => l.Transport == transport && l.LocalEndPoint.AddressFamily == family);

    /// <summary>"udp:192.0.2.1:5060": how the registrar names the listener a binding arrived on.</summary>
    public static string Name(SipListenerInfo listener) => $"{listener.Transport.Scheme()}:{listener.LocalEndPoint}";

    /// <summary>
    /// A source as the transport reports it: the remote endpoint, and the listener of that
    /// transport and family it arrived on; stream sources get a connection id.
    /// </summary>
    public SipDestination Source(SipTransportKind transport, string endPoint, long connectionId = 0)
    {
        var remote = IPEndPoint.Parse(endPoint);
        var listener = Find(transport, remote.AddressFamily);
        return new SipDestination(transport, remote, transport.IsStream() && connectionId == 0 ? 1000 + remote.Port : connectionId, listener.Id);
    }
}
