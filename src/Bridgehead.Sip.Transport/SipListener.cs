using System.Net;
using System.Net.Sockets;
using Bridgehead.Sip.Transport.Udp;

namespace Bridgehead.Sip.Transport;

/// <summary>
/// One configured listen address at run time: what it is bound to and what it advertises in Via,
/// Record-Route and Path.
/// </summary>
public sealed class SipListener
{
    private IPEndPoint _localEndPoint;

    internal SipListener(int id, ListenAddress address)
    {
        Id = id;
        Address = address;
        _localEndPoint = address.EndPoint;
    }

    /// <summary>1-based position in the configured listen list; stable for the process's life.</summary>
    public int Id { get; }

    public SipTransportKind Transport => Address.Transport;

    /// <summary>What the operator configured.</summary>
    public ListenAddress Address { get; }

    /// <summary>The bound address, with the real port once bound when port 0 was asked for.</summary>
    public IPEndPoint LocalEndPoint => Volatile.Read(ref _localEndPoint);

    /// <summary>The host to put in Via sent-by, Record-Route and Path: the <c>as</c> host, else the bound address.</summary>
    public string AdvertisedHost => Address.AdvertisedHost ?? LocalEndPoint.Address.ToString();

    /// <summary>The port to advertise: the <c>as</c> port, else the bound port.</summary>
    public int AdvertisedPort => Address.AdvertisedPort ?? LocalEndPoint.Port;

    /// <summary>The address family of the bound address; a listener sends only to its own family.</summary>
    public AddressFamily AddressFamily => Address.EndPoint.AddressFamily;

    /// <summary>True when the listener binds a wildcard address (0.0.0.0 or ::).</summary>
    public bool IsWildcard => Address.EndPoint.Address.Equals(IPAddress.Any) || Address.EndPoint.Address.Equals(IPAddress.IPv6Any);

    /// <summary>The UDP socket loop, for UDP listeners once started.</summary>
    internal SipUdpListener? Udp { get; set; }

    public override string ToString() => $"#{Id} {Address} bound {LocalEndPoint}";

    internal void SetBound(IPEndPoint bound) => Volatile.Write(ref _localEndPoint, bound);
}
