namespace Bridgehead.Stun;

/// <summary>
/// FINGERPRINT (RFC 8489 §14.7): CRC-32 (ISO/IEC 3309, the one of zlib and Ethernet) of the
/// message up to the attribute, XOR 0x5354554e. It tells STUN apart from other protocols
/// multiplexed on the same port.
/// </summary>
public static class StunFingerprint
{
    public const uint XorValue = 0x5354554E;

    // Reflected polynomial 0x04C11DB7; the table is built once and never written again.
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> messagePrefix) => Crc32(messagePrefix) ^ XorValue;

    /// <summary>Plain CRC-32 (check value of "123456789" is 0xCBF43926).</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var table = Table;
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
