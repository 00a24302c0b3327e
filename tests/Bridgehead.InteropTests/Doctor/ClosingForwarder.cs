using System.Net;
using System.Net.Sockets;

namespace Bridgehead.InteropTests.Doctor;

/// <summary>
/// A TCP forwarder in front of the edge's WS listener that closes every connection after a
/// fixed lifetime, as a balancer or proxy with a short idle timeout does (the seed's 120 s
/// connection lifetime against 180 s registrations). Loopback only; every connection bounded.
/// </summary>
internal sealed class ClosingForwarder : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly TimeSpan _lifetime;
    private readonly CancellationTokenSource _stop = new();

    public ClosingForwarder(IPEndPoint target, TimeSpan lifetime)
    {
        _target = target;
        _lifetime = lifetime;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

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
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        using (var life = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            life.CancelAfter(_lifetime);
            try
            {
                await upstream.ConnectAsync(_target, life.Token);
                var a = client.GetStream().CopyToAsync(upstream.GetStream(), life.Token);
                var b = upstream.GetStream().CopyToAsync(client.GetStream(), life.Token);
                await Task.WhenAny(a, b);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }
}
