using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Bridgehead.InteropTests.Ng;

/// <summary>
/// A UDP hop between the client and rtpengine on loopback that can lose chosen datagrams, to
/// see retransmission and cookie matching work against the real server.
/// </summary>
internal sealed class LossyUdpForwarder : IAsyncDisposable
{
    private readonly Socket front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket back = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] loops;
    private EndPoint? client;

    public LossyUdpForwarder(IPEndPoint server, Func<int, bool> dropRequest, Func<int, bool> dropReply)
    {
        front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        back.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        back.Connect(server);
        loops = [ForwardRequestsAsync(dropRequest), ForwardRepliesAsync(dropReply)];
    }

    public IPEndPoint EndPoint => (IPEndPoint)front.LocalEndPoint!;

    public ConcurrentQueue<byte[]> Requests { get; } = new();

    public ConcurrentQueue<byte[]> Replies { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        front.Dispose();
        back.Dispose();
        await Task.WhenAll(loops.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));
        stop.Dispose();
    }

    private async Task ForwardRequestsAsync(Func<int, bool> drop)
    {
        var buffer = new byte[65536];
        while (!stop.IsCancellationRequested)
        {
            var result = await front.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stop.Token);
            client = result.RemoteEndPoint;
            var datagram = buffer[..result.ReceivedBytes];
            Requests.Enqueue(datagram);
            if (!drop(Requests.Count))
            {
                await back.SendAsync(datagram, SocketFlags.None, stop.Token);
            }
        }
    }

    private async Task ForwardRepliesAsync(Func<int, bool> drop)
    {
        var buffer = new byte[65536];
        while (!stop.IsCancellationRequested)
        {
            var received = await back.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
            var datagram = buffer[..received];
            Replies.Enqueue(datagram);
            if (!drop(Replies.Count) && client is not null)
            {
                await front.SendToAsync(datagram, SocketFlags.None, client, stop.Token);
            }
        }
    }
}
