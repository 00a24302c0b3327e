using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Bridgehead.Ng.Client;

/// <summary>
/// An ng client over UDP for an external rtpengine (ng-protocol §1): one datagram per request,
/// a fresh cookie per request, the same datagram resent on each retransmission, replies matched
/// by cookie (late replies to abandoned requests are dropped), and a bound on requests in flight.
/// </summary>
public sealed class NgUdpClient : INgClient, IAsyncDisposable, IDisposable
{
    private const int ReceiveBufferSize = 64 * 1024;

    private readonly NgUdpClientOptions options;
    private readonly TimeProvider timeProvider;
    private readonly Socket socket;
    private readonly string cookiePrefix;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource closing = new();
    private readonly Task receiveLoop;
    private long sequence;
    private int inFlight;
    private long staleReplies;
    private int disposed;

    public NgUdpClient(NgUdpClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPendingRequests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RetransmitInterval, TimeSpan.Zero);
        this.options = options;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        cookiePrefix = options.CookiePrefix ?? RandomNumberGenerator.GetHexString(12, lowercase: true);
        if (cookiePrefix.Length == 0 || cookiePrefix.Any(c => c is <= ' ' or > '~'))
        {
            throw new ArgumentException("The cookie prefix must be visible ASCII without spaces.", nameof(options));
        }

        var remote = options.RemoteEndPoint;
        socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(options.LocalEndPoint ?? new IPEndPoint(remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));

            // Connected: the kernel drops datagrams from anyone but the relay.
            socket.Connect(remote);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        receiveLoop = ReceiveLoopAsync();
    }

    /// <summary>The local address requests are sent from.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)socket.LocalEndPoint!;

    /// <summary>Replies that matched no waiting request (late answers to retransmissions, strays).</summary>
    public long StaleReplies => Interlocked.Read(ref staleReplies);

    public async Task<NgReply> SendAsync(NgCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        if (Volatile.Read(ref disposed) != 0)
        {
            return Failure(NgClientError.TransportFailure, "Client closed");
        }

        if (Interlocked.Increment(ref inFlight) > options.MaxPendingRequests)
        {
            Interlocked.Decrement(ref inFlight);
            return Failure(NgClientError.Overloaded, "Too many requests in flight");
        }

        var cookie = string.Concat(cookiePrefix, "_", Interlocked.Increment(ref sequence).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var datagram = NgMessage.EncodeRequest(cookie, command);
            if (datagram.Length > NgMessage.MaxDatagramSize)
            {
                return Failure(NgClientError.RequestTooLarge, "Request does not fit one datagram");
            }

            pending[cookie] = reply;
            for (var attempt = 0; attempt < options.MaxAttempts; attempt++)
            {
                try
                {
                    await socket.SendAsync(datagram, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e)
                {
                    return Failure(NgClientError.TransportFailure, e.SocketErrorCode.ToString());
                }
                catch (ObjectDisposedException)
                {
                    return Failure(NgClientError.TransportFailure, "Client closed");
                }

                // The timer is cancelled as soon as the reply is in, so no timers pile up under load.
                using var retransmitTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var first = await Task.WhenAny(reply.Task, Task.Delay(options.RetransmitInterval, timeProvider, retransmitTimer.Token)).ConfigureAwait(false);
                await retransmitTimer.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (first == reply.Task)
                {
                    return Decode(command.Kind, await reply.Task.ConfigureAwait(false));
                }
            }

            return Failure(NgClientError.Timeout, $"No reply after {options.MaxAttempts} tries");
        }
        finally
        {
            pending.TryRemove(cookie, out _);
            Interlocked.Decrement(ref inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await closing.CancelAsync().ConfigureAwait(false);
        socket.Dispose();
        try
        {
            await receiveLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var waiting in pending.Values)
        {
            waiting.TrySetResult([]);
        }

        closing.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static NgReply Decode(NgCommandKind kind, byte[] datagram)
    {
        if (datagram.Length == 0)
        {
            return Failure(NgClientError.TransportFailure, "Client closed");
        }

        return NgMessage.TryParseReply(datagram, kind, out _, out var reply, out var error)
            ? reply
            : Failure(NgClientError.MalformedReply, error.ToReason());
    }

    private static NgErrorReply Failure(NgClientError error, string reason) => new(reason) { ClientError = error };

    private async Task PauseAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[ReceiveBufferSize];
        var token = closing.Token;
        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await socket.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                // ICMP port unreachable surfaces here on a connected socket (relay down); the
                // waiting requests run into their timeouts and routing fails over. Anything else
                // is unexpected: pause so that a persistent failure cannot spin.
                if (e.SocketErrorCode is not (SocketError.ConnectionRefused or SocketError.ConnectionReset))
                {
                    await PauseAsync(token).ConfigureAwait(false);
                }

                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            var datagram = buffer.AsSpan(0, received);
            if (NgMessage.TryReadCookie(datagram, out var cookie, out _) && pending.TryRemove(cookie, out var waiting))
            {
                waiting.TrySetResult(datagram.ToArray());
            }
            else
            {
                Interlocked.Increment(ref staleReplies);
            }
        }
    }
}
