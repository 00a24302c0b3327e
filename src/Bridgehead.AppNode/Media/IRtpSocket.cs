using System.Net;

namespace Bridgehead.AppNode.Media;

/// <summary>Receives the datagrams of an <see cref="IRtpSocket"/>, on the socket's receive loop.</summary>
public interface IRtpReceiver
{
    /// <param name="packet">The datagram; valid only during the call.</param>
    /// <param name="source">Where it came from (the same instance while the source does not change).</param>
    void OnRtp(ReadOnlySpan<byte> packet, IPEndPoint source);
}

/// <summary>A call's RTP port (with its RTCP port beside it, RFC 3550 §11): send, and a receive loop once started.</summary>
public interface IRtpSocket : IDisposable
{
    /// <summary>The bound RTP address and port, as advertised in SDP.</summary>
    IPEndPoint LocalEndPoint { get; }

    void Start(IRtpReceiver receiver);

    /// <summary>Sends one datagram; false when the socket refused it (closed, unreachable).</summary>
    bool Send(ReadOnlySpan<byte> packet, IPEndPoint destination);
}

/// <summary>Opens RTP ports for calls.</summary>
public interface IRtpSocketFactory
{
    /// <summary>An RTP/RTCP port pair on <paramref name="address"/>, or null when the range is exhausted.</summary>
    IRtpSocket? Open(IPAddress address);
}
