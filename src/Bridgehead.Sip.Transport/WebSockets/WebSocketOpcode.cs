namespace Bridgehead.Sip.Transport.WebSockets;

/// <summary>Frame opcodes of RFC 6455 §5.2.</summary>
public enum WebSocketOpcode : byte
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
}

/// <summary>Facts about opcodes.</summary>
public static class WebSocketOpcodeExtensions
{
    /// <summary>Close, Ping and Pong: at most 125 octets, never fragmented (RFC 6455 §5.5).</summary>
    public static bool IsControl(this WebSocketOpcode opcode) => ((byte)opcode & 0x8) != 0;
}
