using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Bridgehead.InteropTests.Relay;

/// <summary>
/// The plain side of a call, as a switch is: it sends PCMU every 20 ms to where the relay's SDP
/// says, and counts the RTP that comes back from the relay. Sending stops when disposed or after
/// a bounded number of packets.
/// </summary>
internal sealed class PacedRtpPeer : IAsyncDisposable
{
    private const int MaxPackets = 2000;

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<byte> _payloadTypes = [];
    private Task? _sender;
    private Task? _receiver;
    private int _received;

    public PacedRtpPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public int Received => Volatile.Read(ref _received);

    public int Sent { get; private set; }

    public IReadOnlyList<byte> PayloadTypes
    {
        get
        {
            lock (_payloadTypes)
            {
                return [.. _payloadTypes.Distinct()];
            }
        }
    }

    public void Start(IPEndPoint relay)
    {
        _receiver = Task.Run(ReceiveAsync);
        _sender = Task.Run(() => SendAsync(relay));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        foreach (var task in new[] { _sender, _receiver })
        {
            if (task is not null)
            {
                await task.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        _stop.Dispose();
    }

    private async Task SendAsync(IPEndPoint relay)
    {
        var packet = new byte[172];
        packet[0] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x5EED5EED);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        for (ushort seq = 1; seq <= MaxPackets && !_stop.IsCancellationRequested; seq++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), seq * 160u);

            // A tone-like pattern of µ-law bytes, so Chromium decodes something other than silence.
            for (var i = 12; i < packet.Length; i++)
            {
                packet[i] = (byte)(0x80 + ((seq + i) % 16));
            }

            await _socket.SendToAsync(packet, SocketFlags.None, relay, _stop.Token);
            Sent++;
            await timer.WaitForNextTickAsync(_stop.Token);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            var result = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            if (result.ReceivedBytes >= 12 && buffer[0] >> 6 == 2 && buffer[1] is < 192 or > 223)
            {
                Interlocked.Increment(ref _received);
                lock (_payloadTypes)
                {
                    _payloadTypes.Add((byte)(buffer[1] & 0x7F));
                }
            }
        }
    }
}
