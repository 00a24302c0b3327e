using System.Net;
using System.Net.Sockets;
using Bridgehead.Relay.Ports;

namespace Bridgehead.Relay.Io;

/// <summary>
/// A media port backed by a non-blocking UDP socket. The worker receives and sends with
/// recvfrom/sendto on the descriptor (<see cref="DatagramCalls"/>), into and from
/// <see cref="SocketAddress"/> objects it owns, which allocates nothing. The worker that owns the
/// port is also the only thread that closes it once attached (Detach, and the deletes session
/// control posts to it), so its own calls need no reference on the socket's handle, only a look
/// at <see cref="_closed"/>: a closed port's descriptor number may already belong to a new
/// socket. Taking and dropping that reference (two interlocked operations on the handle, and
/// the handle and socket objects pulled into the cache) was paid twice per relayed packet.
/// Another thread (a DTLS handshake) sends with <see cref="SendFromAnyThread"/>, which does
/// hold a reference for the call.
/// </summary>
internal sealed class UdpMediaEndpoint : MediaEndpoint
{
    private readonly Socket _socket;
    private readonly SafeSocketHandle _handle;
    private volatile bool _closed;

    private UdpMediaEndpoint(RelayInterface relayInterface, int port, bool isRtcp, Socket socket)
        : base(relayInterface, port, isRtcp)
    {
        _socket = socket;
        _handle = socket.SafeHandle;
        FileDescriptor = (int)_handle.DangerousGetHandle();
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

    /// <summary>Reads one datagram; -1 when there was none after all (a spurious wake-up), the socket failed or is closed. Worker thread only.</summary>
    public int Receive(Span<byte> buffer, SocketAddress source)
    {
        if (_closed)
        {
            return -1;
        }

        var length = DatagramCalls.ReceiveFrom(FileDescriptor, buffer, source.Buffer.Span, out var addressLength);
        if (length >= 0)
        {
            source.Size = addressLength;
        }

        return length;
    }

    public override bool Send(ReadOnlySpan<byte> datagram, SocketAddress destination) =>
        !_closed && DatagramCalls.SendTo(FileDescriptor, datagram, destination.Buffer.Span[..destination.Size]);

    public override bool SendFromAnyThread(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
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
                _handle.DangerousRelease();
            }
        }
    }

    public override void Dispose()
    {
        // Before the close, so the worker (the thread that closes an attached port) never calls
        // on the descriptor number afterwards.
        _closed = true;
        _socket.Dispose();
    }
}
