using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Bridgehead.Sip.Transport.Connections;
using Bridgehead.Sip.Transport.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridgehead.Sip.Transport.Streams;

/// <summary>
/// Opens outbound TCP and TLS connections (Socket, SslStream, pipes) and runs them through the same
/// reader as inbound ones. Concurrent sends to one destination share a single connect attempt.
/// </summary>
internal sealed partial class SipStreamConnector
{
    private readonly ConcurrentDictionary<(SipTransportKind, IPEndPoint), Task<(SipConnection?, SipSendResult)>> _pending = new();
    private readonly SipConnectionTable _table;
    private readonly SipStreamReceiver _receiver;
    private readonly SipTlsPeerValidator _validator;
    private readonly SipServerCertificate _certificate;
    private readonly SipTransportMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _connectTimeout;
    private readonly int _sendQueueLimit;

    public SipStreamConnector(
        SipConnectionTable table,
        SipStreamReceiver receiver,
        SipTlsPeerValidator validator,
        SipServerCertificate certificate,
        SipTransportMetrics metrics,
        TimeProvider time,
        IOptions<SipTransportOptions> options,
        ILogger<SipStreamConnector> logger)
    {
        _table = table;
        _receiver = receiver;
        _validator = validator;
        _certificate = certificate;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _connectTimeout = options.Value.ConnectTimeout;
        _sendQueueLimit = options.Value.MaxSendQueue;
    }

    /// <summary>An open connection to <paramref name="remote"/>: a fresh one, or the one another caller is opening.</summary>
    public async Task<(SipConnection? Connection, SipSendResult Failure)> ConnectAsync(SipListener listener, IPEndPoint remote, string? serverName, CancellationToken cancellationToken)
    {
        var key = (listener.Transport, remote);
        var mine = new TaskCompletionSource<(SipConnection?, SipSendResult)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempt = _pending.GetOrAdd(key, mine.Task);
        if (attempt != mine.Task)
        {
            return await attempt.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // The attempt is shared, so only the connect timeout ends it, not one caller's token.
            var outcome = await ConnectCoreAsync(listener, remote, serverName).ConfigureAwait(false);
            mine.SetResult(outcome);
            return outcome;
        }
        finally
        {
            _pending.TryRemove(new KeyValuePair<(SipTransportKind, IPEndPoint), Task<(SipConnection?, SipSendResult)>>(key, mine.Task));
        }
    }

    private async Task<(SipConnection?, SipSendResult)> ConnectCoreAsync(SipListener listener, IPEndPoint remote, string? serverName)
    {
        if (!_table.HasRoom)
        {
            _metrics.Dropped(listener.Transport, SipDropReason.ConnectionLimit);
            Log.ConnectionLimit(_logger, listener.Transport, remote);
            return (null, SipSendResult.ConnectionLimitReached);
        }

        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            // Leave from the listener's own address so the source matches what Via advertises.
            if (!listener.IsWildcard)
            {
                socket.Bind(new IPEndPoint(listener.Address.EndPoint.Address, 0));
            }

            using var timeout = new CancellationTokenSource(_connectTimeout, _time);
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (listener.Transport == SipTransportKind.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(ClientOptions(serverName ?? remote.Address.ToString()), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or AuthenticationException or IOException)
        {
            Log.ConnectFailed(_logger, listener.Transport, remote, e.Message);
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            return (null, SipSendResult.ConnectFailed);
        }

        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        var output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        var connection = new SipConnection(
            _table.NextId(),
            listener,
            SipConnectionTable.Normalize(remote),
            SipConnectionTable.Normalize((IPEndPoint)socket.LocalEndPoint!),
            isOutbound: true,
            _time,
            output,
            () => Shutdown(socket),
            _sendQueueLimit);

        if (!_table.TryAdd(connection))
        {
            _metrics.Dropped(listener.Transport, SipDropReason.ConnectionLimit);
            Log.ConnectionLimit(_logger, listener.Transport, remote);
            await stream.DisposeAsync().ConfigureAwait(false);
            return (null, SipSendResult.ConnectionLimitReached);
        }

        _ = RunAsync(connection, input, output, stream);
        return (connection, SipSendResult.Sent);
    }

    private async Task RunAsync(SipConnection connection, PipeReader input, PipeWriter output, Stream stream)
    {
        try
        {
            await _receiver.RunAsync(connection, input).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await output.CompleteAsync().ConfigureAwait(false);
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                // The socket is already gone; nothing is left to flush.
            }
        }
    }

    private SslClientAuthenticationOptions ClientOptions(string targetHost)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => _validator.Validate(certificate, chain, errors, checkName: true),
        };

        // Offered only to peers that ask (mutual TLS between proxies, RFC 5923 §5).
        if (_certificate.Certificate is { } own)
        {
            options.ClientCertificates = new X509CertificateCollection { own };
        }

        return options;
    }

    // Ends the connection from any thread: the reader sees the socket go and reports the close.
    private static void Shutdown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        socket.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not open a {Transport} connection to {Remote}: {Error}")]
        public static partial void ConnectFailed(ILogger logger, SipTransportKind transport, IPEndPoint remote, string error);

        [LoggerMessage(2, LogLevel.Warning, "Did not open a {Transport} connection to {Remote}: the connection limit is reached")]
        public static partial void ConnectionLimit(ILogger logger, SipTransportKind transport, IPEndPoint remote);
    }
}
