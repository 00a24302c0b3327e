using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Bridgehead.AppNode.Media;

/// <summary>
/// Binds RTP/RTCP pairs (even RTP port, RTCP on the next, RFC 3550 §11) in the configured range,
/// going round the range so a port just released is not reused at once (late packets of the
/// old call would land in the new one).
/// </summary>
public sealed class UdpRtpSocketFactory : IRtpSocketFactory
{
    private readonly int _min;
    private readonly int _max;
    private readonly Lock _lock = new();
    private int _next;

    public UdpRtpSocketFactory(IOptions<AppNodeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _min = options.Value.RtpPortMin + (options.Value.RtpPortMin & 1);
        _max = options.Value.RtpPortMax;
        _next = _min;
    }

    public IRtpSocket? Open(IPAddress address)
    {
        var pairs = Math.Max((_max - _min + 1) / 2, 0);
        for (var attempt = 0; attempt < pairs; attempt++)
        {
            int port;
            lock (_lock)
            {
                port = _next;
                _next = _next + 2 > _max - 1 ? _min : _next + 2;
            }

            var rtp = TryBind(address, port);
            if (rtp is null)
            {
                continue;
            }

            var rtcp = TryBind(address, port + 1);
            if (rtcp is null)
            {
                rtp.Dispose();
                continue;
            }

            return new UdpRtpSocket(rtp, rtcp);
        }

        return null;
    }

    private static Socket? TryBind(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
