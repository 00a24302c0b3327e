using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bridgehead.Doctor.Browser;

/// <summary>
/// Serves the doctor's page and JsSIP to the browser from 127.0.0.1 (a secure context, so
/// getUserMedia works): two fixed files, one request per connection.
/// </summary>
internal sealed class PageServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _page = Encoding.UTF8.GetBytes(DoctorPage.Html);
    private readonly byte[] _jsSip;
    private readonly CancellationTokenSource _stop = new();

    public PageServer(byte[] jsSip)
    {
        _jsSip = jsSip;
        _listener.Start();
        _ = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var length = 0;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                while (length < buffer.Length && buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }

                    length += n;
                }

                var line = Encoding.ASCII.GetString(buffer, 0, buffer.AsSpan(0, length).IndexOf("\r\n"u8) is var end and > 0 ? end : 0);
                var path = line.Split(' ') is [_, var p, ..] ? p.Split('?')[0] : "/";
                var (status, type, body) = path switch
                {
                    "/" => ("200 OK", "text/html; charset=utf-8", _page),
                    "/jssip.js" => ("200 OK", "application/javascript", _jsSip),
                    _ => ("404 Not Found", "text/plain", []),
                };
                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {body.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head, timeout.Token).ConfigureAwait(false);
                await stream.WriteAsync(body, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }
}
