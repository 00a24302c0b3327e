using System.Net;
using System.Net.Sockets;
using Bridgehead.Dtls;

namespace Bridgehead.InteropTests.Dtls;

/// <summary>
/// Stands in for the media relay's leg: one UDP socket on 127.0.0.1 that hands DTLS datagrams
/// (first byte 20–63, RFC 7983) from the one peer address to a <see cref="DtlsSession"/> and sends
/// the session's datagrams back there. As server it learns the peer from the first datagram, as
/// the relay learns it from ICE.
/// </summary>
internal sealed class LoopbackDtlsEndpoint : IDtlsDatagramSender, IAsyncDisposable
{
    private const int MaxDatagrams = 10_000;

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private IPEndPoint? _peer;

    public LoopbackDtlsEndpoint(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, IPEndPoint? peer = null)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _peer = peer;
        Session = new DtlsSession(
            new DtlsSessionParameters(role, certificate, [remoteFingerprint]),
            new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(20) },
            this);
        _receiveLoop = ReceiveLoopAsync(_stop.Token);
    }

    public DtlsSession Session { get; }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public void Send(ReadOnlySpan<byte> datagram)
    {
        if (Volatile.Read(ref _peer) is { } peer)
        {
            _socket.SendTo(datagram, SocketFlags.None, peer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        for (var i = 0; i < MaxDatagrams && !cancellationToken.IsCancellationRequested; i++)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var from = (IPEndPoint)received.RemoteEndPoint;
            var peer = Volatile.Read(ref _peer) ?? Interlocked.CompareExchange(ref _peer, from, null) ?? from;
            if (!peer.Equals(from) || received.ReceivedBytes == 0 || buffer[0] is < 20 or > 63)
            {
                continue;
            }

            Session.DeliverDatagram(buffer.AsSpan(0, received.ReceivedBytes));
        }
    }
}
