using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Bridgehead.Testing.EndToEnd;

/// <summary>
/// Port numbers free for both UDP and TCP on 127.0.0.1 (and ::1 where IPv6 is up), for peers such
/// as sipp that need a port on the command line. A port is never handed out twice in one test run.
/// </summary>
public static class FreePorts
{
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            int port;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            }

            if (CanBind(IPAddress.Loopback, port) && (!Socket.OSSupportsIPv6 || CanBind(IPAddress.IPv6Loopback, port)) && HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no port free for both UDP and TCP after 200 attempts");
    }

    /// <summary>
    /// The first of <paramref name="count"/> consecutive UDP ports free on 127.0.0.1, a multiple of
    /// <paramref name="count"/>: 2 gives an even RTP port with its RTCP port (baresip takes port+1),
    /// 4 the block sipp's -mp binds (audio and video, RTP and RTCP each). Free for TCP too: baresip
    /// given such a port for SIP also listens on it over TCP and on the next one over TLS.
    /// </summary>
    public static int NextUdpRange(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            int port;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port / count * count;
            }

            var ports = Enumerable.Range(port, count).ToArray();
            if (port >= 1024 && ports.All(p => !HandedOut.ContainsKey(p) && CanBind(IPAddress.Loopback, p)) && ports.All(p => HandedOut.TryAdd(p, 0)))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free UDP ports after 200 attempts");
    }

    private static bool CanBind(IPAddress address, int port)
    {
        try
        {
            using var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, port));
            using var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable or SocketError.AccessDenied)
        {
            return false;
        }
    }
}
