using System.Net;
using System.Net.Sockets;
using Bridgehead.Relay.Ports;

namespace Bridgehead.Relay.Io;

/// <summary>
/// A media port backed by a non-blocking UDP socket. The worker receives and sends with
/// recvfrom/sendto on the descriptor (<see cref="DatagramCalls"/>), into and from
/// <see cref="SocketAddress"/> objects it owns, which allocates nothing; a reference on the
/// socket's handle is held for each call, so a send from another thread (a DTLS handshake) can
/// never reach a descriptor number that was closed and reused.
/// </summary>
internal sealed class UdpMediaEndpoint : MediaEndpoint
{
    private readonly Socket _socket;

    private UdpMediaEndpoint(RelayInterface relayInterface, int port, bool isRtcp, Socket socket)
        : base(relayInterface, port, isRtcp)
    {
        _socket = socket;
        FileDescriptor = (int)socket.SafeHandle.DangerousGetHandle();
    }

    public int FileDescriptor { get; }

    /// <summary>The worker's registration: slot in its table and a generation, so a stale event finds nothing.</summary>
    public int Slot { get; set; } = -1;

    public uint Generation { get; set; }

    public static UdpMediaEndpoint? TryBind(RelayInterface relayInterface, int port, bool isRtcp, int receiveBufferSize, int sendBufferSize)
    {
        var socket = new Socket(relayInterface.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (relayInterface.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            if (receiveBufferSize > 0)
            {
                socket.ReceiveBufferSize = receiveBufferSize;
            }

            if (sendBufferSize > 0)
            {
                socket.SendBufferSize = sendBufferSize;
            }

            socket.Bind(new IPEndPoint(relayInterface.BindAddress, port));

            // Readiness comes from epoll; a receive must never park the worker.
            socket.Blocking = false;
            return new UdpMediaEndpoint(relayInterface, port, isRtcp, socket);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    /// <summary>Reads one datagram; -1 when there was none after all (a spurious wake-up) or the socket failed.</summary>
    public int Receive(Span<byte> buffer, SocketAddress source)
    {
        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var length = DatagramCalls.ReceiveFrom(FileDescriptor, buffer, source.Buffer.Span, out var addressLength);
            if (length >= 0)
            {
                source.Size = addressLength;
            }

            return length;
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public override bool Send(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return DatagramCalls.SendTo(FileDescriptor, datagram, destination.Buffer.Span[..destination.Size]);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public override void Dispose() => _socket.Dispose();
}
