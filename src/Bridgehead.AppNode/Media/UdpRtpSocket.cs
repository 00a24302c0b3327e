using System.Net;
using System.Net.Sockets;

namespace Bridgehead.AppNode.Media;

/// <summary>
/// An RTP socket with its RTCP companion. The receive loop reuses one buffer and one
/// <see cref="SocketAddress"/>, and makes a new <see cref="IPEndPoint"/> only when the source
/// changes, so a steady stream does not allocate. RTCP is received and dropped: the node sends
/// none, and an unbound RTCP port would answer every report with ICMP port unreachable.
/// </summary>
internal sealed class UdpRtpSocket : IRtpSocket
{
    private readonly Socket _rtp;
    private readonly Socket _rtcp;
    private readonly CancellationTokenSource _stop = new();

    public UdpRtpSocket(Socket rtp, Socket rtcp)
    {
        _rtp = rtp;
        _rtcp = rtcp;
        LocalEndPoint = (IPEndPoint)rtp.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start(IRtpReceiver receiver)
    {
        _ = ReceiveAsync(_rtp, receiver);
        _ = ReceiveAsync(_rtcp, null);
    }

    public bool Send(ReadOnlySpan<byte> packet, IPEndPoint destination)
    {
        try
        {
            _rtp.SendTo(packet, SocketFlags.None, destination);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _rtp.Dispose();
        _rtcp.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveAsync(Socket socket, IRtpReceiver? receiver)
    {
        var buffer = new byte[2048];
        var address = new SocketAddress(socket.AddressFamily);
        var last = new SocketAddress(socket.AddressFamily);
        IPEndPoint? source = null;
        var template = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, address, token).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // ICMP unreachable from an earlier send surfaces on a later receive (Linux): not fatal.
                continue;
            }
            catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            if (receiver is null)
            {
                continue;
            }

            if (source is null || !address.Equals(last))
            {
                source = (IPEndPoint)template.Create(address);
                address.Buffer.CopyTo(last.Buffer);
                last.Size = address.Size;
            }

            receiver.OnRtp(buffer.AsSpan(0, received), source);
        }
    }
}
