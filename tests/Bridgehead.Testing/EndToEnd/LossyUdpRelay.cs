using System.Net;
using System.Net.Sockets;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>
/// A UDP hop that loses a share of the datagrams it relays, in both directions, with a seeded
/// random source (the same run loses the same packets). Placed between the server and a peer, it
/// makes the server's own retransmissions do the work, without the peer knowing of any loss.
/// Datagrams to <see cref="LocalEndPoint"/> go to the peer from a second socket; what the peer
/// sends to that socket goes back to whoever last sent to <see cref="LocalEndPoint"/>.
/// </summary>
public sealed class LossyUdpRelay : IAsyncDisposable
{
    private readonly Socket _front;
    private readonly Socket _back;
    private readonly IPEndPoint _peer;
    private readonly Random _random;
    private readonly double _loss;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _forward;
    private readonly Task _backward;
    private IPEndPoint? _client;
    private long _relayed;
    private long _dropped;

    public LossyUdpRelay(int port, IPEndPoint peer, double loss, int seed)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _peer = peer;
        _loss = loss;
        _random = new Random(seed);
        _front = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _front.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _back = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _back.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        LocalEndPoint = (IPEndPoint)_front.LocalEndPoint!;
        _forward = PumpAsync(_front, toPeer: true);
        _backward = PumpAsync(_back, toPeer: false);
    }

    public IPEndPoint LocalEndPoint { get; }

    public long Relayed => Interlocked.Read(ref _relayed);

    public long Dropped => Interlocked.Read(ref _dropped);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _front.Dispose();
        _back.Dispose();
        await Task.WhenAll(_forward, _backward).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task PumpAsync(Socket from, bool toPeer)
    {
        var buffer = new byte[65_536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                SocketReceiveFromResult result;
                try
                {
                    result = await from.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    continue;
                }

                if (toPeer)
                {
                    _client = (IPEndPoint)result.RemoteEndPoint;
                }

                bool drop;
                lock (_random)
                {
                    drop = _random.NextDouble() < _loss;
                }

                if (drop)
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                var target = toPeer ? _peer : _client;
                if (target is not null)
                {
                    Interlocked.Increment(ref _relayed);
                    await (toPeer ? _back : _front).SendToAsync(buffer.AsMemory(0, result.ReceivedBytes), SocketFlags.None, target, _stopping.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Disposed.
        }
    }
}
