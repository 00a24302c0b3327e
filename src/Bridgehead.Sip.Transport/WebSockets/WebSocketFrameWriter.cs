using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;

namespace Bridgehead.Sip.Transport.WebSockets;

/// <summary>Writes server frames (unmasked, RFC 6455 §5.1): one unfragmented frame per message.</summary>
public static class WebSocketFrameWriter
{
    /// <summary>Writes the header of a final frame of <paramref name="payloadLength"/> octets; returns its length (2, 4 or 10).</summary>
    public static int WriteHeader(Span<byte> destination, WebSocketOpcode opcode, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        destination[0] = (byte)(0x80 | (byte)opcode);
        if (payloadLength < 126)
        {
            destination[1] = (byte)payloadLength;
            return 2;
        }

        if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            return 4;
        }

        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
        return 10;
    }

    /// <summary>Writes a Close frame's payload: the code and a reason cut to fit 125 octets; returns its length.</summary>
    public static int WriteClosePayload(Span<byte> destination, WebSocketCloseStatus status, string? reason)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)status);
        if (string.IsNullOrEmpty(reason))
        {
            return 2;
        }

        var room = Math.Min(destination.Length, WebSocketFrameReader.MaxControlPayload) - 2;
        var text = reason.Length > room ? reason[..room] : reason;
        return 2 + Encoding.UTF8.GetBytes(text, destination[2..]);
    }
}
