using Bridgehead.Stun;

namespace Bridgehead.Tests.Stun;

public sealed class StunFingerprintTests
{
    [Fact]
    public void Crc32_CheckString_IsStandardCheckValue()
    {
        // The catalogued check value of CRC-32/ISO-HDLC.
        Assert.Equal(0xCBF43926u, StunFingerprint.Crc32("123456789"u8));
    }

    [Fact]
    public void Crc32_Empty_IsZero() => Assert.Equal(0u, StunFingerprint.Crc32([]));

    [Fact]
    public void Compute_IsCrc32XorStun() =>
        Assert.Equal(0xCBF43926u ^ 0x5354554Eu, StunFingerprint.Compute("123456789"u8));
}
