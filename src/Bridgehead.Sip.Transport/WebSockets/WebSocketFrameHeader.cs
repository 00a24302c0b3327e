namespace Bridgehead.Sip.Transport.WebSockets;

/// <summary>The fixed part of one frame (RFC 6455 §5.2), as read off the wire.</summary>
/// <param name="Fin">The final fragment of a message.</param>
/// <param name="Opcode">What the frame carries.</param>
/// <param name="Masked">Whether the payload is masked (every client frame must be, §5.3).</param>
/// <param name="MaskKey">The masking key in wire order (first octet in the low byte).</param>
/// <param name="HeaderLength">Octets before the payload: 2 to 14.</param>
/// <param name="PayloadLength">Octets of payload.</param>
public readonly record struct WebSocketFrameHeader(bool Fin, WebSocketOpcode Opcode, bool Masked, uint MaskKey, int HeaderLength, long PayloadLength)
{
    /// <summary>Header and payload together.</summary>
    public long FrameLength => HeaderLength + PayloadLength;
}

/// <summary>What <see cref="WebSocketFrameReader.TryReadHeader"/> found.</summary>
public enum WebSocketFrameStatus : byte
{
    /// <summary>The header is not complete yet.</summary>
    NeedMore,

    /// <summary>A valid header; the payload may still be arriving.</summary>
    Header,

    /// <summary>A frame no conforming client sends; the connection is closed with the matching code.</summary>
    Error,
}

/// <summary>Why a frame is refused, each with the close code it is answered with (RFC 6455 §7.4.1).</summary>
public enum WebSocketFrameError : byte
{
    None,

    /// <summary>RSV1-3 set without a negotiated extension (§5.2): 1002.</summary>
    ReservedBitsSet,

    /// <summary>Opcode 3-7 or B-F (§5.2): 1002.</summary>
    UnknownOpcode,

    /// <summary>A client frame without a mask (§5.1): 1002.</summary>
    UnmaskedClientFrame,

    /// <summary>A control frame longer than 125 octets or fragmented (§5.5): 1002.</summary>
    BadControlFrame,

    /// <summary>A 64-bit length with the top bit set, or a length in a longer form than needed (§5.2): 1002.</summary>
    BadLength,

    /// <summary>A continuation with no message started, or a new message inside a fragmented one (§5.4): 1002.</summary>
    BadFragmentation,

    /// <summary>Payload, or a fragmented message, over the message-size limit: 1009.</summary>
    MessageTooBig,

    /// <summary>A text message that is not UTF-8 (§8.1): 1007.</summary>
    InvalidUtf8,

    /// <summary>A message that is not a SIP message (RFC 7118 §5.1: one SIP message per WebSocket message): 1007.</summary>
    NotSip,

    /// <summary>A Close frame with a one-octet body, a reserved code or a reason that is not UTF-8 (§5.5.1, §7.4): 1002.</summary>
    BadClose,
}
