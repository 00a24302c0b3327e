using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bridgehead.IntegrationTests.Transport;

/// <summary>Small SIP messages and raw-socket helpers for transport tests.</summary>
internal static class SipText
{
    public static byte[] Message(string method, string body = "", string transport = "TCP")
    {
        var text =
            $"{method} sip:bob@example.com SIP/2.0\r\n" +
            $"Via: SIP/2.0/{transport} client.invalid;branch=z9hG4bK{Guid.NewGuid():N}\r\n" +
            $"Call-ID: {Guid.NewGuid():N}\r\n" +
            $"CSeq: 1 {method}\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" +
            body;
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>"scheme:ip:0", with the IPv6 address in brackets.</summary>
    public static string Listen(string scheme, IPAddress ip) =>
        ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"{scheme}:[{ip}]:0" : $"{scheme}:{ip}:0";

    public static string Text(byte[] data) => Encoding.UTF8.GetString(data);

    public static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint).WaitAsync(TransportHost.Patience);
        return socket;
    }

    public static async Task<byte[]> ReadExactlyAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TransportHost.Patience);
        return buffer;
    }

    /// <summary>Reads until the peer closes; true when it did within the patience.</summary>
    public static async Task<bool> ClosedByPeerAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TransportHost.Patience);
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
