using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Sip.Transport.Udp;

/// <summary>
/// One UDP socket and its receive loop. Each datagram is copied into an exact-size array and given
/// to the <see cref="ISipMessageHandler"/> on the loop's thread; socket errors (ICMP unreachable
/// reported on a later receive) are logged and never end the loop.
/// The loop is a dedicated thread doing blocking receives: an asynchronous receive completes on
/// the socket engine and hops to the thread pool for every datagram, which at SIP rates costs
/// more CPU than parsing and routing the message (a call's 7 datagrams, 7 thread wake-ups). A
/// blocking receive on one thread also keeps one call's messages in order.
/// </summary>
internal sealed partial class SipUdpListener : IAsyncDisposable
{
    // Largest UDP payload over IPv6 (65535 - 8); nothing bigger can arrive, so nothing is truncated.
    private const int ReceiveBufferLength = 65527;
    private const int EndPointCacheCapacity = 65536;

    private readonly Socket _socket;
    private readonly SipListener _listener;
    private readonly ISipMessageHandler _handler;
    private readonly SipTransportMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxMessageSize;
    private readonly UdpEndPointCache _endPoints;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _loop;

    private SipUdpListener(Socket socket, SipListener listener, ISipMessageHandler handler, SipTransportMetrics metrics, ILogger logger, TimeProvider time, int maxMessageSize)
    {
        _socket = socket;
        _listener = listener;
        _handler = handler;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _maxMessageSize = maxMessageSize;
        _endPoints = new UdpEndPointCache(listener.AddressFamily, EndPointCacheCapacity);
    }

    /// <summary>Creates and binds the socket; the listener learns its real port.</summary>
    public static SipUdpListener Bind(
        SipListener listener,
        int receiveBufferSize,
        int sendBufferSize,
        int maxMessageSize,
        ISipMessageHandler handler,
        SipTransportMetrics metrics,
        ILogger logger,
        TimeProvider time)
    {
        var endPoint = listener.Address.EndPoint;
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // [::] means IPv6 only, so udp:0.0.0.0 and udp:[::] can both be listed on one port.
                socket.DualMode = false;
            }

            // The kernel caps these at net.core.rmem_max/wmem_max; a burst of REGISTERs after a
            // network blip must not overflow a default-sized receive buffer.
            if (receiveBufferSize > 0)
            {
                socket.ReceiveBufferSize = receiveBufferSize;
            }

            if (sendBufferSize > 0)
            {
                socket.SendBufferSize = sendBufferSize;
            }

            socket.Bind(endPoint);
            listener.SetBound((IPEndPoint)socket.LocalEndPoint!);
            return new SipUdpListener(socket, listener, handler, metrics, logger, time, maxMessageSize);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Start()
    {
        Log.Listening(_logger, _listener.Id, _listener.LocalEndPoint, _socket.ReceiveBufferSize, _socket.SendBufferSize);
        // On Linux closing the socket interrupts a blocked receive, so the loop needs no timeout:
        // one there cost a thrown SocketException per listener every second on an idle server.
        // Elsewhere a timeout lets the loop notice a stop.
        if (!OperatingSystem.IsLinux())
        {
            _socket.ReceiveTimeout = 1000;
        }

        _loop = new Thread(ReceiveLoop) { IsBackground = true, Name = $"sip-udp-{_listener.Id}" };
        _loop.Start();
    }

    /// <summary>Sends one datagram synchronously; no allocation once the destination is cached.</summary>
    public SipSendResult Send(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, _endPoints.ToSend(destination));
            _metrics.Sent(SipTransportKind.Udp, datagram.Length);
            return SipSendResult.Sent;
        }
        catch (SocketException e)
        {
            Log.SendFailed(_logger, _listener.Id, destination, e.SocketErrorCode);
            return SipSendResult.SocketError;
        }
        catch (ObjectDisposedException)
        {
            return SipSendResult.SocketError;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        _loop?.Join(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private void ReceiveLoop()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferLength);
        var address = new SocketAddress(_socket.AddressFamily);
        var consecutiveErrors = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = _socket.ReceiveFrom(buffer.AsSpan(0, ReceiveBufferLength), SocketFlags.None, address);
                    consecutiveErrors = 0;
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
                {
                    continue;
                }
                catch (SocketException e)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        break;
                    }

                    // ICMP port/host unreachable for an earlier send surfaces here on some systems
                    // (ConnectionReset); it concerns that send, not this socket.
                    Log.ReceiveError(_logger, _listener.Id, e.SocketErrorCode);
                    if (++consecutiveErrors > 100)
                    {
                        // A socket that fails every call must not spin a core.
                        _stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
                    }

                    continue;
                }

                OnDatagram(buffer.AsSpan(0, received), address);
            }
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        // RFC 5626 §4.4.2 keeps UDP flows alive with STUN, but deployed UAs also send bare CRLFs;
        // they carry nothing for the proxy.
        if (datagram.IndexOfAnyExcept("\r\n"u8) < 0)
        {
            return;
        }

        var remote = _endPoints.FromReceived(source);
        if (datagram.Length > _maxMessageSize)
        {
            _metrics.Dropped(SipTransportKind.Udp, SipDropReason.MessageTooLarge);
            Log.DatagramTooLarge(_logger, _listener.Id, remote, datagram.Length, _maxMessageSize);
            return;
        }

        var data = datagram.ToArray();
        _metrics.Received(SipTransportKind.Udp, data.Length);
        try
        {
            _handler.OnMessage(new SipInboundMessage(data, _listener, remote, 0));
        }
        catch (Exception e)
        {
            _metrics.Dropped(SipTransportKind.Udp, SipDropReason.HandlerFailed);
            Log.HandlerFailed(_logger, remote, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "UDP listener {ListenerId} receiving on {LocalEndPoint} (socket buffers: receive {ReceiveBuffer}, send {SendBuffer})")]
        public static partial void Listening(ILogger logger, int listenerId, IPEndPoint localEndPoint, int receiveBuffer, int sendBuffer);

        [LoggerMessage(2, LogLevel.Warning, "UDP listener {ListenerId} dropped a {Length}-octet datagram from {Remote}: larger than {MaxMessageSize}")]
        public static partial void DatagramTooLarge(ILogger logger, int listenerId, IPEndPoint remote, int length, int maxMessageSize);

        [LoggerMessage(3, LogLevel.Debug, "UDP listener {ListenerId} receive error {Error}; continuing")]
        public static partial void ReceiveError(ILogger logger, int listenerId, SocketError error);

        [LoggerMessage(4, LogLevel.Warning, "UDP listener {ListenerId} could not send to {Remote}: {Error}")]
        public static partial void SendFailed(ILogger logger, int listenerId, IPEndPoint remote, SocketError error);

        [LoggerMessage(5, LogLevel.Error, "The message handler failed on a datagram from {Remote}")]
        public static partial void HandlerFailed(ILogger logger, IPEndPoint remote, Exception exception);
    }
}
