using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>
/// A TCP (or TLS) connection to the server: writes bytes exactly as given (half a message, garbage),
/// frames what comes back by Content-Length, and notices when the server closes the connection.
/// </summary>
public sealed class TcpSipClient : SipTestClient
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly Task _pump;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private TcpSipClient(Socket socket, Stream stream, bool tls)
    {
        _socket = socket;
        _stream = stream;
        Transport = tls ? "TLS" : "TCP";
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        RemoteCertificate = (stream as SslStream)?.RemoteCertificate is { } c ? X509CertificateLoader.LoadCertificate(c.GetRawCertData()) : null;
        _pump = PumpAsync();
    }

    public override IPEndPoint LocalEndPoint { get; }

    public override string Transport { get; }

    /// <summary>The certificate a TLS server presented.</summary>
    public X509Certificate2? RemoteCertificate { get; }

    /// <summary>Completes when the server closes or resets the connection.</summary>
    public Task Closed => _closed.Task;

    public static async Task<TcpSipClient> ConnectAsync(IPEndPoint server, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(server);
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            await socket.ConnectAsync(server, cts.Token).ConfigureAwait(false);
            return new TcpSipClient(socket, new NetworkStream(socket, ownsSocket: false), tls: false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A TLS connection that takes whatever certificate the server presents (the test inspects <see cref="RemoteCertificate"/> itself).</summary>
    public static async Task<TcpSipClient> ConnectTlsAsync(IPEndPoint server, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(server);
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? ssl = null;
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            await socket.ConnectAsync(server, cts.Token).ConfigureAwait(false);
            // Self-signed servers: any certificate is taken, and the test compares it with the one it expects.
            ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate is not null);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions { TargetHost = server.Address.ToString() },
                cts.Token).ConfigureAwait(false);
            return new TcpSipClient(socket, ssl, tls: true);
        }
        catch
        {
            if (ssl is not null)
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            throw;
        }
    }

    public override async Task SendAsync(ReadOnlyMemory<byte> data)
    {
        await _writeLock.WaitAsync(Stopping.Token).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(data, Stopping.Token).ConfigureAwait(false);
            await _stream.FlushAsync(Stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>True when the server closed the connection within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout)
    {
        try
        {
            await _closed.Task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        _writeLock.Dispose();
        RemoteCertificate?.Dispose();
    }

    private async Task PumpAsync()
    {
        var pending = new List<byte>();
        var buffer = new byte[16_384];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, Stopping.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                pending.AddRange(buffer.AsSpan(0, read));
                while (TryFrame(pending, out var message))
                {
                    if (RawSipMessage.TryParse(message) is { } parsed)
                    {
                        Deliver(parsed);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Reset by the server, or disposed.
        }
        finally
        {
            _closed.TrySetResult();
            Complete();
        }
    }

    // One message off the front of the stream: leading CRLFs (pongs) skipped, headers, then
    // Content-Length octets of body.
    private static bool TryFrame(List<byte> pending, out byte[] message)
    {
        message = [];
        var skip = 0;
        while (skip < pending.Count && (pending[skip] == '\r' || pending[skip] == '\n'))
        {
            skip++;
        }

        pending.RemoveRange(0, skip);
        var bytes = pending.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var length = end + 4 + ContentLength(Encoding.ASCII.GetString(bytes, 0, end));
        if (bytes.Length < length)
        {
            return false;
        }

        message = bytes[..length];
        pending.RemoveRange(0, length);
        return true;
    }

    private static int ContentLength(string headers)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            if ((name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("l", StringComparison.OrdinalIgnoreCase))
                && int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }
        }

        return 0;
    }
}
