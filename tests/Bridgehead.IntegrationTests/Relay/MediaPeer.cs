using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Bridgehead.IntegrationTests.Relay;

/// <summary>A softphone's or switch's media socket on 127.0.0.1: sends datagrams and waits, bounded, for what comes back.</summary>
internal sealed class MediaPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public MediaPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 2000;
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public int Port => EndPoint.Port;

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint to) => _socket.SendTo(datagram, SocketFlags.None, to);

    /// <summary>The next datagram, or null after the timeout (at least 1 ms: 0 would wait forever).</summary>
    public (byte[] Data, IPEndPoint From)? Receive(int timeoutMilliseconds = 2000)
    {
        _socket.ReceiveTimeout = Math.Max(1, timeoutMilliseconds);
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        try
        {
            var n = _socket.ReceiveFrom(buffer, ref from);
            return (buffer[..n], (IPEndPoint)from);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return null;
        }
    }

    /// <summary>Datagrams until none comes for the timeout (bounded by count).</summary>
    public List<(byte[] Data, IPEndPoint From)> Drain(int timeoutMilliseconds = 300, int max = 10_000)
    {
        var result = new List<(byte[], IPEndPoint)>();
        while (result.Count < max && Receive(timeoutMilliseconds) is { } datagram)
        {
            result.Add(datagram);
        }

        return result;
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>A G.711 RTP packet (20 ms, 160 bytes) with room behind it for an SRTP trailer.</summary>
    public static byte[] RtpPacket(uint ssrc, ushort sequence, byte payloadType = 0, byte fill = 0xD5, int payload = 160)
    {
        var packet = new byte[12 + payload + 64];
        packet[0] = 0x80;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 160u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        packet.AsSpan(12, payload).Fill(fill);
        return packet;
    }

    /// <summary>A receiver report (RTCP 201) with no report blocks.</summary>
    public static byte[] RtcpReceiverReport(uint ssrc)
    {
        var packet = new byte[8 + 64];
        packet[0] = 0x80;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        return packet;
    }
}
