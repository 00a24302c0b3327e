using System.Net;
using System.Net.Sockets;
using Bridgehead.Relay.Forwarding;
using Bridgehead.Relay.Ports;

namespace Bridgehead.Relay.Io;

/// <summary>
/// One bound media port: the RTP port of a stream, or the RTCP port next to it. Session control
/// opens and closes it; while it is attached, only its worker thread receives on it and reads
/// <see cref="Path"/>. The worker sends with <see cref="Send"/>; any other thread (a DTLS handshake)
/// with <see cref="SendFromAnyThread"/>.
/// </summary>
internal abstract class MediaEndpoint : IDisposable
{
    protected MediaEndpoint(RelayInterface relayInterface, int port, bool isRtcp)
    {
        Interface = relayInterface;
        Port = port;
        IsRtcp = isRtcp;
        AdvertisedEndPoint = new IPEndPoint(relayInterface.AdvertisedAddress, port);
        AddressFamily = relayInterface.AddressFamily;
    }

    public RelayInterface Interface { get; }

    public int Port { get; }

    /// <summary>The odd port of a pair: it carries RTCP (and STUN for ICE component 2) when the stream is not muxed.</summary>
    public bool IsRtcp { get; }

    /// <summary>Address and port as SDP writes them for this port.</summary>
    public IPEndPoint AdvertisedEndPoint { get; }

    /// <summary>The interface's family, kept here so the packet loop reads it without a second object.</summary>
    public AddressFamily AddressFamily { get; }

    /// <summary>The stream this port belongs to. Written and read on the worker thread only.</summary>
    public StreamPath? Path { get; set; }

    /// <summary>
    /// Sends one datagram from this port; false when the socket refused it (counted by the caller)
    /// or is closed. On the worker thread that owns the port only: that thread is the one that
    /// closes it.
    /// </summary>
    public abstract bool Send(ReadOnlySpan<byte> datagram, SocketAddress destination);

    /// <summary>As <see cref="Send"/>, from a thread other than the port's worker, which may close the port meanwhile.</summary>
    public virtual bool SendFromAnyThread(ReadOnlySpan<byte> datagram, SocketAddress destination) => Send(datagram, destination);

    public abstract void Dispose();

    public override string ToString() => $"{Interface.Name}:{Port}{(IsRtcp ? "/rtcp" : string.Empty)}";
}
