using System.Net;
using System.Net.Sockets;
using Bridgehead.Sdp;

namespace Bridgehead.Relay.Ports;

/// <summary>
/// One configured interface, resolved: the address sockets bind to, the address SDP advertises
/// for them, and its own port pool (two interfaces may use the same port numbers).
/// </summary>
internal sealed class RelayInterface
{
    public RelayInterface(string name, IPAddress bindAddress, IPAddress advertisedAddress, PortPool ports)
    {
        Name = name;
        BindAddress = bindAddress;
        AdvertisedAddress = advertisedAddress;
        Ports = ports;
        Connection = SdpConnection.FromAddress(advertisedAddress);
    }

    public string Name { get; }

    public IPAddress BindAddress { get; }

    public IPAddress AdvertisedAddress { get; }

    public AddressFamily AddressFamily => BindAddress.AddressFamily;

    /// <summary>"IN IP4 a.b.c.d": what c= lines say for legs on this interface.</summary>
    public SdpConnection Connection { get; }

    public PortPool Ports { get; }

    /// <summary>Builds the interfaces of the options; an empty list means one "default" on 0.0.0.0.</summary>
    public static IReadOnlyList<RelayInterface> FromOptions(RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Interfaces.Count > 0 ? options.Interfaces : [new RelayInterfaceOptions()];
        var result = new List<RelayInterface>(configured.Count);
        foreach (var item in configured)
        {
            var bind = IPAddress.Parse(item.Address);
            var advertised = item.AdvertisedAddress is { } text ? IPAddress.Parse(text)
                : IsWildcard(bind) ? DetectPrimaryAddress(bind.AddressFamily)
                : bind;
            result.Add(new RelayInterface(item.Name, bind, advertised, new PortPool(options.PortMin, options.PortMax)));
        }

        return result;
    }

    private static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    /// <summary>
    /// The source address the host would use towards the outside: a UDP socket "connected" to a
    /// documentation address (RFC 5737 / RFC 3849) sends nothing but makes the kernel pick a route.
    /// Without a route (a namespace with only loopback) it is the loopback address.
    /// </summary>
    private static IPAddress DetectPrimaryAddress(AddressFamily family)
    {
        var loopback = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        try
        {
            using var probe = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(family == AddressFamily.InterNetworkV6 ? IPAddress.Parse("2001:db8::1") : IPAddress.Parse("192.0.2.1"), 9);
            return probe.LocalEndPoint is IPEndPoint { Address: var local } && !IsWildcard(local) ? local : loopback;
        }
        catch (SocketException)
        {
            return loopback;
        }
    }
}
