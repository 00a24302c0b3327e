using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bridgehead.InteropTests.Browser;

namespace Bridgehead.InteropTests.Media;

/// <summary>
/// sipp's built-in UAS answering every INVITE with plain PCMU (RTP/AVP, the media port from -mp)
/// and echoing every RTP packet back to its sender (-rtp_echo): a switch that plays back what it
/// hears. Stopped by its process id.
/// </summary>
internal sealed class SippEcho : IAsyncDisposable
{
    private readonly PeerProcess _sipp;

    private SippEcho(PeerProcess sipp, int port)
    {
        _sipp = sipp;
        Port = port;
    }

    public int Port { get; }

    public string Uri => $"sip:127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Output => _sipp.Output;

    public static SippEcho Start()
    {
        var port = FreeUdpPort();
        var media = FreeUdpPort(spacing: 4);
        var sipp = PeerProcess.Start("sipp", Path.GetTempPath(),
        [
            "-sn", "uas", "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-mi", "127.0.0.1",
            "-mp", media.ToString(CultureInfo.InvariantCulture), "-rtp_echo", "-nostdin",
        ]);
        return new SippEcho(sipp, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _sipp.StopAsync(TimeSpan.FromSeconds(5));
        await _sipp.DisposeAsync();
    }

    /// <summary>A UDP port free a moment ago; with spacing, one whose next ports are likely free too (sipp echoes on +2).</summary>
    public static int FreeUdpPort(int spacing = 1)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            if (spacing == 1 || port % spacing == 0)
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free UDP port");
    }
}
