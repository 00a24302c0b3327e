using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Numerics;

namespace Bridgehead.Sip.Transport.WebSockets;

/// <summary>
/// Reads frame headers (RFC 6455 §5.2) off a buffer and unmasks payloads. Pure: bytes in, a header
/// or a reason out; nothing is consumed until a whole header is there.
/// </summary>
public static class WebSocketFrameReader
{
    /// <summary>The longest frame header: 2 fixed octets, 8 of extended length, 4 of mask.</summary>
    public const int MaxHeaderLength = 14;

    /// <summary>Payload of a control frame: at most 125 octets (§5.5).</summary>
    public const int MaxControlPayload = 125;

    /// <summary>Reads the header at the front of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Unconsumed octets.</param>
    /// <param name="maxPayload">Largest payload accepted; a longer one is <see cref="WebSocketFrameError.MessageTooBig"/>.</param>
    /// <param name="requireMask">True on a server: client frames must be masked.</param>
    /// <param name="header">The header when the status is <see cref="WebSocketFrameStatus.Header"/>.</param>
    /// <param name="error">The reason when the status is <see cref="WebSocketFrameStatus.Error"/>.</param>
    public static WebSocketFrameStatus TryReadHeader(in ReadOnlySequence<byte> buffer, long maxPayload, bool requireMask, out WebSocketFrameHeader header, out WebSocketFrameError error)
    {
        header = default;
        error = WebSocketFrameError.None;
        if (buffer.Length < 2)
        {
            return WebSocketFrameStatus.NeedMore;
        }

        Span<byte> bytes = stackalloc byte[MaxHeaderLength];
        var available = (int)Math.Min(buffer.Length, MaxHeaderLength);
        if (buffer.FirstSpan.Length >= available)
        {
            buffer.FirstSpan[..available].CopyTo(bytes);
        }
        else
        {
            buffer.Slice(0, available).CopyTo(bytes);
        }

        return TryReadHeader(bytes[..available], maxPayload, requireMask, out header, out error);
    }

    /// <inheritdoc cref="TryReadHeader(in ReadOnlySequence{byte}, long, bool, out WebSocketFrameHeader, out WebSocketFrameError)"/>
    public static WebSocketFrameStatus TryReadHeader(ReadOnlySpan<byte> bytes, long maxPayload, bool requireMask, out WebSocketFrameHeader header, out WebSocketFrameError error)
    {
        header = default;
        error = WebSocketFrameError.None;
        if (bytes.Length < 2)
        {
            return WebSocketFrameStatus.NeedMore;
        }

        var b0 = bytes[0];
        var b1 = bytes[1];
        var fin = (b0 & 0x80) != 0;
        var opcode = (WebSocketOpcode)(b0 & 0x0F);
        var masked = (b1 & 0x80) != 0;
        if ((b0 & 0x70) != 0)
        {
            return Fail(WebSocketFrameError.ReservedBitsSet, out error);
        }

        if (opcode is not (WebSocketOpcode.Continuation or WebSocketOpcode.Text or WebSocketOpcode.Binary or WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong))
        {
            return Fail(WebSocketFrameError.UnknownOpcode, out error);
        }

        if (requireMask && !masked)
        {
            return Fail(WebSocketFrameError.UnmaskedClientFrame, out error);
        }

        long length = b1 & 0x7F;
        var offset = 2;
        if (length == 126)
        {
            if (bytes.Length < 4)
            {
                return WebSocketFrameStatus.NeedMore;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
            offset = 4;
            if (length < 126)
            {
                return Fail(WebSocketFrameError.BadLength, out error);
            }
        }
        else if (length == 127)
        {
            if (bytes.Length < 10)
            {
                return WebSocketFrameStatus.NeedMore;
            }

            var raw = BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]);
            if (raw > long.MaxValue || raw <= ushort.MaxValue)
            {
                return Fail(WebSocketFrameError.BadLength, out error);
            }

            length = (long)raw;
            offset = 10;
        }

        if (opcode.IsControl() && (!fin || length > MaxControlPayload))
        {
            return Fail(WebSocketFrameError.BadControlFrame, out error);
        }

        if (length > maxPayload)
        {
            return Fail(WebSocketFrameError.MessageTooBig, out error);
        }

        uint mask = 0;
        if (masked)
        {
            if (bytes.Length < offset + 4)
            {
                return WebSocketFrameStatus.NeedMore;
            }

            mask = BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
            offset += 4;
        }

        header = new WebSocketFrameHeader(fin, opcode, masked, mask, offset, length);
        return WebSocketFrameStatus.Header;
    }

    /// <summary>
    /// XORs <paramref name="data"/> with the masking key (§5.3), <paramref name="offset"/> octets into
    /// the payload (for a payload unmasked in pieces).
    /// </summary>
    public static void Unmask(Span<byte> data, uint maskKey, long offset)
    {
        // Rotate the key so that its first octet lines up with data[0].
        var shift = (int)(offset & 3) * 8;
        var key = shift == 0 ? maskKey : BitOperations.RotateRight(maskKey, shift);
        var i = 0;
        if (data.Length >= 8)
        {
            var wide = ((ulong)key << 32) | key;
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(data);
            for (var w = 0; w < words.Length; w++)
            {
                words[w] ^= BitConverter.IsLittleEndian ? wide : BinaryPrimitives.ReverseEndianness(wide);
            }

            i = words.Length * 8;
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= (byte)(key >> ((i & 3) * 8));
        }
    }

    /// <summary>The close code of the error, as <see cref="WebSocketCloseStatus"/>.</summary>
    public static WebSocketCloseStatus CloseStatus(this WebSocketFrameError error) => error switch
    {
        WebSocketFrameError.MessageTooBig => WebSocketCloseStatus.MessageTooBig,
        WebSocketFrameError.InvalidUtf8 or WebSocketFrameError.NotSip => WebSocketCloseStatus.InvalidPayloadData,
        _ => WebSocketCloseStatus.ProtocolError,
    };

    /// <summary>A short reason for the Close frame (at most 123 octets).</summary>
    public static string CloseReason(this WebSocketFrameError error) => error switch
    {
        WebSocketFrameError.ReservedBitsSet => "reserved bits set",
        WebSocketFrameError.UnknownOpcode => "unknown opcode",
        WebSocketFrameError.UnmaskedClientFrame => "client frames must be masked",
        WebSocketFrameError.BadControlFrame => "bad control frame",
        WebSocketFrameError.BadLength => "bad payload length",
        WebSocketFrameError.BadFragmentation => "bad fragmentation",
        WebSocketFrameError.MessageTooBig => "message too big",
        WebSocketFrameError.InvalidUtf8 => "text frame is not UTF-8",
        WebSocketFrameError.NotSip => "not a SIP message",
        WebSocketFrameError.BadClose => "bad close frame",
        _ => "error",
    };

    private static WebSocketFrameStatus Fail(WebSocketFrameError reason, out WebSocketFrameError error)
    {
        error = reason;
        return WebSocketFrameStatus.Error;
    }
}
