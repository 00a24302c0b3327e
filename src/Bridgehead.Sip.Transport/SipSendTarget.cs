using System.Net;

namespace Bridgehead.Sip.Transport;

/// <summary>Where and how to send a message.</summary>
/// <param name="Transport">The transport to use.</param>
/// <param name="EndPoint">The destination address and port.</param>
public readonly record struct SipSendTarget(SipTransportKind Transport, IPEndPoint EndPoint)
{
    /// <summary>
    /// A connection to use if it is still open (the one a request arrived on, for its response,
    /// RFC 3261 §18.2.2; or the one a binding was registered over). 0 for none. When it is closed the
    /// send falls back to any connection to <see cref="EndPoint"/>, then to a new one.
    /// </summary>
    public long ConnectionId { get; init; }

    /// <summary>The listener to send from; null picks one of the transport and address family.</summary>
    public SipListener? Listener { get; init; }

    /// <summary>The name to present in TLS SNI and to check the peer certificate against (RFC 5922 §7); null uses the IP address.</summary>
    public string? TlsServerName { get; init; }
}
