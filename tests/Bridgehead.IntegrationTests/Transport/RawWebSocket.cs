using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Bridgehead.IntegrationTests.Transport;

/// <summary>
/// A hand-rolled WebSocket client for the cases a conforming client never produces (unmasked
/// frames, reserved bits, raw handshakes) and for reading exactly what the server wrote.
/// </summary>
internal sealed class RawWebSocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;

    private RawWebSocket(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
    }

    public Stream Stream => _stream;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static async Task<RawWebSocket> ConnectAsync(IPEndPoint endPoint, bool tls = false)
    {
        var socket = await SipText.ConnectAsync(endPoint);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (tls)
        {
            var ssl = new SslStream(stream, false, (_, certificate, _, _) => TestCertificate.IsIt(certificate));
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
            }).WaitAsync(TransportHost.Patience);
            stream = ssl;
        }

        return new RawWebSocket(socket, stream);
    }

    public static string Request(string? protocol = "sip", string? origin = null, string version = "13", string method = "GET", string key = "dGhlIHNhbXBsZSBub25jZQ==") =>
        $"{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: {version}\r\n" +
        (protocol is null ? string.Empty : $"Sec-WebSocket-Protocol: {protocol}\r\n") +
        (origin is null ? string.Empty : $"Origin: {origin}\r\n") + "\r\n";

    /// <summary>Sends a handshake and returns the response head (status line and headers).</summary>
    public async Task<string> HandshakeAsync(string request)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);
        var head = new List<byte>();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TransportHost.Patience);
        while (!EndsWithBlankLine(head))
        {
            if (await _stream.ReadAsync(one, timeout.Token) == 0)
            {
                break;
            }

            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. head]);
    }

    public static int Status(string head) => int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes one frame, masked unless told otherwise.</summary>
    public async Task SendFrameAsync(byte opcode, byte[] payload, bool fin = true, bool mask = true, byte reserved = 0)
    {
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | reserved | opcode) };
        var maskBit = mask ? 0x80 : 0;
        if (payload.Length < 126)
        {
            frame.Add((byte)(maskBit | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame.Add((byte)(maskBit | 126));
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        else
        {
            frame.Add((byte)(maskBit | 127));
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            frame.AddRange(length);
        }

        byte[] key = [0x37, 0xfa, 0x21, 0x3d];
        if (mask)
        {
            frame.AddRange(key);
        }

        for (var i = 0; i < payload.Length; i++)
        {
            frame.Add(mask ? (byte)(payload[i] ^ key[i & 3]) : payload[i]);
        }

        await _stream.WriteAsync(frame.ToArray(), TestContext.Current.CancellationToken);
    }

    public Task SendTextAsync(string text) => SendFrameAsync(0x1, Encoding.UTF8.GetBytes(text));

    /// <summary>Reads one server frame: opcode and payload (server frames are never masked).</summary>
    public async Task<(byte Opcode, byte[] Payload)> ReceiveFrameAsync()
    {
        var head = await SipText.ReadExactlyAsync(_stream, 2);
        Assert.Equal(0, head[1] & 0x80);
        long length = head[1] & 0x7F;
        if (length == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(await SipText.ReadExactlyAsync(_stream, 2));
        }
        else if (length == 127)
        {
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(await SipText.ReadExactlyAsync(_stream, 8));
        }

        return ((byte)(head[0] & 0x0F), length == 0 ? [] : await SipText.ReadExactlyAsync(_stream, (int)length));
    }

    /// <summary>Reads frames until a Close; returns its code (1005 when it has none).</summary>
    public async Task<int> ReceiveCloseAsync()
    {
        while (true)
        {
            var (opcode, payload) = await ReceiveFrameAsync();
            if (opcode == 0x8)
            {
                return payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : 1005;
            }
        }
    }

    /// <summary>True when the server closed the TCP connection within the patience.</summary>
    public async Task<bool> ClosedByPeerAsync()
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TransportHost.Patience);
        try
        {
            while (await _stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';
}
