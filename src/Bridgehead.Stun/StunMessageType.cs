namespace Bridgehead.Stun;

/// <summary>The four STUN message classes (RFC 8489 §5).</summary>
public enum StunClass
{
    Request = 0,
    Indication = 1,
    SuccessResponse = 2,
    ErrorResponse = 3,
}

/// <summary>STUN methods. ICE uses Binding only; the TURN methods are named so traces read well.</summary>
public enum StunMethod
{
    Binding = 0x001,
    Allocate = 0x003,
    Refresh = 0x004,
    Send = 0x006,
    Data = 0x007,
    CreatePermission = 0x008,
    ChannelBind = 0x009,
}

/// <summary>
/// The 14-bit message type: method bits M0..M11 with the class bits C0 and C1 interleaved at
/// bit positions 4 and 8 (RFC 8489 §5, figure 3).
/// </summary>
public static class StunMessageType
{
    public static ushort Encode(StunClass messageClass, StunMethod method)
    {
        var m = (int)method;
        var c = (int)messageClass;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }

    public static StunClass GetClass(ushort messageType) =>
        (StunClass)(((messageType >> 4) & 1) | ((messageType >> 7) & 2));

    public static StunMethod GetMethod(ushort messageType) =>
        (StunMethod)((messageType & 0x000F) | ((messageType >> 1) & 0x0070) | ((messageType >> 2) & 0x0F80));
}
