using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Bridgehead.Sip.Transport.Udp;

/// <summary>
/// Maps between the raw socket addresses the UDP loop sees and <see cref="IPEndPoint"/>s, in both
/// directions, so steady traffic from the same peers allocates neither an endpoint per received
/// datagram nor a socket address per sent one. Bounded: a flood of spoofed sources empties it
/// rather than growing it.
/// </summary>
internal sealed class UdpEndPointCache
{
    private readonly Dictionary<SocketAddress, IPEndPoint> _received = [];
    private readonly ConcurrentDictionary<IPEndPoint, SocketAddress> _toSend = new();
    private readonly IPEndPoint _template;
    private readonly int _capacity;

    public UdpEndPointCache(AddressFamily family, int capacity)
    {
        _template = new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        _capacity = capacity;
    }

    /// <summary>The endpoint for a just-received address. Only the receive loop calls this.</summary>
    public IPEndPoint FromReceived(SocketAddress address)
    {
        if (_received.TryGetValue(address, out var endPoint))
        {
            return endPoint;
        }

        if (_received.Count >= _capacity)
        {
            _received.Clear();
        }

        // The loop reuses its SocketAddress; the key must be a copy.
        var key = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(key.Buffer.Span);
        endPoint = (IPEndPoint)_template.Create(key);
        _received[key] = endPoint;
        Remember(endPoint, key);
        return endPoint;
    }

    /// <summary>The socket address to send to; any thread.</summary>
    public SocketAddress ToSend(IPEndPoint endPoint)
    {
        if (_toSend.TryGetValue(endPoint, out var address))
        {
            return address;
        }

        address = endPoint.Serialize();
        Remember(endPoint, address);
        return address;
    }

    private void Remember(IPEndPoint endPoint, SocketAddress address)
    {
        if (_toSend.Count >= _capacity)
        {
            _toSend.Clear();
        }

        _toSend.TryAdd(endPoint, address);
    }
}
