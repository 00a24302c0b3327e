using System.Net;
using System.Net.Sockets;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>A UDP socket that sends datagrams to one server and collects whatever comes back to it.</summary>
public sealed class UdpSipClient : SipTestClient
{
    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly Task _pump;

    /// <param name="server">Where datagrams go.</param>
    /// <param name="localPort">A fixed local port (0: any).</param>
    public UdpSipClient(IPEndPoint server, int localPort = 0)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var loopback = server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        _socket.Bind(new IPEndPoint(loopback, localPort));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _pump = PumpAsync();
    }

    public override IPEndPoint LocalEndPoint { get; }

    public override string Transport => "UDP";

    /// <summary>
    /// When set, every request that arrives is answered with what this returns (null: no answer),
    /// sent back to where the request came from: the client acts as a phone or a next hop.
    /// </summary>
    public Func<RawSipMessage, byte[]?>? Answer { get; set; }

    public override async Task SendAsync(ReadOnlyMemory<byte> data) =>
        await _socket.SendToAsync(data, SocketFlags.None, _server).ConfigureAwait(false);

    /// <summary>Sends to another address than the server (e.g. a second listener).</summary>
    public async Task SendToAsync(ReadOnlyMemory<byte> data, IPEndPoint to) =>
        await _socket.SendToAsync(data, SocketFlags.None, to).ConfigureAwait(false);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[65_536];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!Stopping.IsCancellationRequested)
            {
                SocketReceiveFromResult result;
                try
                {
                    result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, Stopping.Token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    // ICMP unreachable for an earlier send; the socket is still fine.
                    continue;
                }

                var datagram = buffer.AsSpan(0, result.ReceivedBytes);
                if (datagram.IndexOfAnyExcept("\r\n"u8) >= 0 && RawSipMessage.TryParse(datagram) is { } message)
                {
                    Deliver(message);
                    if (!message.IsResponse && Answer?.Invoke(message) is { } reply)
                    {
                        await _socket.SendToAsync(reply, SocketFlags.None, result.RemoteEndPoint).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Disposed.
        }
        finally
        {
            Complete();
        }
    }
}
