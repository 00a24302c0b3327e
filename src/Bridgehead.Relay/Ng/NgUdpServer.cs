using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Bridgehead.Ng;
using Microsoft.Extensions.Logging;

namespace Bridgehead.Relay.Ng;

/// <summary>
/// The ng protocol over UDP (ng-protocol §1), for OpenSIPS, Kamailio or an edge in another
/// process: one request per datagram, the reply with the request's cookie, retransmissions
/// answered from a reply cache. Requests run one at a time on the listener's own thread, so a
/// retransmission that arrives while its original is running waits and then finds the reply.
/// </summary>
public sealed partial class NgUdpServer : IDisposable
{
    private const int ReceiveBufferSize = 65536;

    private readonly Socket _socket;
    private readonly MediaRelay _relay;
    private readonly NgReplyCache _cache;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private long _requests;
    private long _retransmissions;
    private long _malformed;

    public NgUdpServer(IPEndPoint listen, MediaRelay relay, RelayNgOptions options, ILogger<NgUdpServer> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(options);
        _relay = relay ?? throw new ArgumentNullException(nameof(relay));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _cache = new NgReplyCache(options.MaxCachedReplies, options.ReplyCacheTime, time ?? throw new ArgumentNullException(nameof(time)));
        _socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (listen.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false;
            }

            _socket.Bind(listen);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Requests run (retransmissions answered from the cache not included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Retransmitted requests answered from the cache.</summary>
    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    /// <summary>Datagrams without a readable cookie (dropped) or dictionary (answered with an error).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    public void Start()
    {
        // On Linux closing the socket wakes the blocked receive; elsewhere a timeout lets the
        // thread notice a stop (each expiry is a thrown SocketException, so not where it is not needed).
        if (!OperatingSystem.IsLinux())
        {
            _socket.ReceiveTimeout = 1000;
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "relay-ng" };
        _thread.Start();
        Log.Listening(_logger, LocalEndPoint);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _thread?.Join(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private void Run()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        var source = new SocketAddress(_socket.AddressFamily);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = _socket.ReceiveFrom(buffer.AsSpan(0, ReceiveBufferSize), SocketFlags.None, source);
                }
                catch (SocketException)
                {
                    continue;
                }

                if (HandleDatagram(buffer.AsSpan(0, received)) is { } reply)
                {
                    try
                    {
                        _socket.SendTo(reply, SocketFlags.None, source);
                    }
                    catch (SocketException e)
                    {
                        Log.SendFailed(_logger, e.SocketErrorCode);
                    }
                }
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

    /// <summary>One request datagram to the reply datagram; null when there is nobody to answer (no cookie).</summary>
    internal byte[]? HandleDatagram(ReadOnlySpan<byte> datagram)
    {
        if (!NgMessage.TryReadCookie(datagram, out var cookie, out _))
        {
            Interlocked.Increment(ref _malformed);
            return null;
        }

        if (_cache.TryGet(cookie, out var cached))
        {
            Interlocked.Increment(ref _retransmissions);
            return cached;
        }

        NgReply reply;
        if (NgMessage.TryParseRequest(datagram, out _, out var command, out var error))
        {
            Interlocked.Increment(ref _requests);
            try
            {
                reply = _relay.Handle(command);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug: the proxy gets an error and tries the next relay; the server carries on.
                Log.CommandFailed(_logger, command.Kind, e);
                reply = new NgErrorReply("Internal error");
            }

            Log.Command(_logger, cookie, command.Kind, reply.Result);
        }
        else
        {
            Interlocked.Increment(ref _malformed);
            Log.Malformed(_logger, cookie, error);
            reply = NgErrorReply.From(error);
        }

        var bytes = NgMessage.EncodeReply(cookie, reply);
        _cache.Add(cookie, bytes);
        return bytes;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "ng listening on udp:{EndPoint}")]
        public static partial void Listening(ILogger logger, IPEndPoint endPoint);

        [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "ng {Cookie} {Command}: {Result}")]
        public static partial void Command(ILogger logger, string cookie, NgCommandKind command, NgResult result);

        [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "ng {Cookie}: request refused ({Error})")]
        public static partial void Malformed(ILogger logger, string cookie, NgError error);

        [LoggerMessage(EventId = 204, Level = LogLevel.Error, Message = "ng {Command} failed")]
        public static partial void CommandFailed(ILogger logger, NgCommandKind command, Exception exception);

        [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "ng reply could not be sent: {Error}")]
        public static partial void SendFailed(ILogger logger, SocketError error);
    }
}
