using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Bridgehead.Management.Calls;
using Bridgehead.Management.Trace;
using Bridgehead.Routing;
using Bridgehead.Routing.Registrar;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Sip.Transport;
using Bridgehead.Sip.Transport.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Hosting;

/// <summary>The edge's sender: what the transaction layer sends is captured for the SIP trace, then sent.</summary>
internal sealed class TracingSender(ISipSender inner, SipTraceBuffer? trace) : ISipSender
{
    public SendOutcome Send(in SipDestination destination, ReadOnlyMemory<byte> data, ISendFailureObserver? onFailure = null)
    {
        trace?.Capture(SipTraceDirection.Out, destination.Transport, destination.EndPoint, data.Span);
        return inner.Send(destination, data, onFailure);
    }
}

/// <summary>
/// The transport's listeners as the edge sees them. A wildcard listener advertises this host's
/// first non-loopback address (or loopback on a host that has none), never 0.0.0.0.
/// </summary>
internal sealed class TransportListenerCatalog(ISipTransport transport) : ISipListenerCatalog
{
    private IReadOnlyList<SipListenerInfo>? _listeners;

    public IReadOnlyList<SipListenerInfo> Listeners => _listeners ??= Build();

    private List<SipListenerInfo> Build()
    {
        var result = new List<SipListenerInfo>();
        foreach (var l in transport.Listeners)
        {
            var host = l.Address.AdvertisedHost ?? (l.IsWildcard ? PrimaryAddress(l.AddressFamily).ToString() : l.LocalEndPoint.Address.ToString());
            result.Add(new SipListenerInfo(l.Id, l.Transport, l.LocalEndPoint, host, l.AdvertisedPort));
        }

        return result;
    }

    private static IPAddress PrimaryAddress(AddressFamily family)
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var address in nic.GetIPProperties().UnicastAddresses)
            {
                if (address.Address.AddressFamily == family && !address.Address.IsIPv6LinkLocal)
                {
                    return address.Address;
                }
            }
        }

        return family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
    }
}

/// <summary>
/// Hands every received message to the edge, captured first for the SIP trace. The edge sends
/// through the transport and the transport delivers to the edge, so the edge is resolved on first
/// use to break the cycle — and is then given the dashboard's call tracker as its observer.
/// </summary>
internal sealed class EdgeMessageHandler(IServiceProvider services, SipTraceBuffer? trace = null) : ISipMessageHandler
{
    private SipEdge? _edge;

    public void OnMessage(in SipInboundMessage message)
    {
        trace?.Capture(SipTraceDirection.In, message.Transport, message.RemoteEndPoint, message.Data);
        var edge = _edge ??= Resolve();
        edge.OnMessage(message.Data, new SipDestination(message.Transport, message.RemoteEndPoint, message.ConnectionId, message.Listener.Id));
    }

    private SipEdge Resolve()
    {
        var edge = services.GetRequiredService<SipEdge>();
        edge.Observer ??= services.GetService<CallTracker>();
        return edge;
    }
}

/// <summary>Connection leases for bindings, on the transport's connection table.</summary>
internal sealed class TransportConnectionLeases(ISipTransport transport) : IConnectionLeases
{
    public void Extend(long connectionId, DateTimeOffset until) => transport.Connections.ExtendLease(connectionId, until);
}

/// <summary>
/// Tells the registrar when a connection closes, so the bindings it carried stop being routed to
/// (480) and are removed. Resolved on first use: the registrar reaches the transport through its
/// leases, and the transport's table calls this observer.
/// </summary>
internal sealed class EdgeConnectionObserver(IServiceProvider services) : ISipConnectionObserver
{
    private Registrar? _registrar;

    public void OnOpened(SipConnection connection)
    {
    }

    public void OnClosed(SipConnection connection, SipConnectionCloseReason reason)
    {
        if (reason == SipConnectionCloseReason.Shutdown)
        {
            // The edge is stopping: the store stays as it is and the bindings lapse at their expiry.
            return;
        }

        var registrar = _registrar ??= services.GetRequiredService<Registrar>();
        _ = registrar.OnConnectionClosedAsync(connection.Id, CancellationToken.None);
    }
}
