using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Bridgehead.IntegrationTests.Ng;

/// <summary>
/// A scripted ng peer on loopback: records every datagram and answers with whatever the test's
/// handler returns (nothing, a stray, a malformed reply, a real one).
/// </summary>
internal sealed class FakeNgServer : IAsyncDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim arrived = new(0);
    private readonly Task loop;

    public FakeNgServer(Func<byte[], IEnumerable<byte[]>> handler)
    {
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        loop = ServeAsync(handler);
    }

    public IPEndPoint EndPoint => (IPEndPoint)socket.LocalEndPoint!;

    public ConcurrentQueue<byte[]> Received { get; } = new();

    /// <summary>Waits (bounded) until at least <paramref name="count"/> datagrams have come in.</summary>
    public async Task<bool> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Received.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await arrived.WaitAsync(left))
            {
                return Received.Count >= count;
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        socket.Dispose();
        await loop.ContinueWith(_ => { }, TaskScheduler.Default);
        stop.Dispose();
        arrived.Dispose();
    }

    private async Task ServeAsync(Func<byte[], IEnumerable<byte[]>> handler)
    {
        var buffer = new byte[65536];
        while (!stop.IsCancellationRequested)
        {
            var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stop.Token);
            var datagram = buffer[..result.ReceivedBytes];
            Received.Enqueue(datagram);
            arrived.Release();
            foreach (var reply in handler(datagram))
            {
                await socket.SendToAsync(reply, SocketFlags.None, result.RemoteEndPoint, stop.Token);
            }
        }
    }
}
