using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bridgehead.InteropTests.Browser;

/// <summary>
/// One SIP request over UDP from a foreign domain (so the edge does not ask it to authenticate, as
/// for a switch or a trunk), returning the final status it gets.
/// </summary>
internal static class SipProbe
{
    public static async Task<int> OptionsAsync(IPEndPoint edge, string user)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var branch = "z9hG4bK" + Guid.NewGuid().ToString("N");
        var request =
            $"OPTIONS sip:{user}@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch={branch};rport\r\nMax-Forwards: 70\r\n" +
            $"From: <sip:probe@probe.example.net>;tag={branch[7..15]}\r\nTo: <sip:{user}@127.0.0.1>\r\nCall-ID: {branch}@probe\r\n" +
            "CSeq: 1 OPTIONS\r\nAccept: application/sdp\r\nContent-Length: 0\r\n\r\n";
        await socket.SendToAsync(Encoding.ASCII.GetBytes(request), edge);
        var buffer = new byte[65535];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            var text = Encoding.UTF8.GetString(buffer, 0, n);
            var status = int.Parse(text.AsSpan(8, 3), System.Globalization.CultureInfo.InvariantCulture);
            if (status >= 200)
            {
                return status;
            }
        }
    }
}
