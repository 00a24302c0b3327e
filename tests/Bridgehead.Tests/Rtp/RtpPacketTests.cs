using Bridgehead.Rtp;
using CsCheck;

namespace Bridgehead.Tests.Rtp;

public sealed class RtpPacketTests
{
    // V=2 P=1 X=1 CC=1, M=1 PT=111, seq 0x1234, ts 0xdeadbeef, SSRC 0x01020304, CSRC 0x0a0b0c0d,
    // one-byte extension header with one word, payload "abc", padding of 3 (… 00 00 03).
    private static readonly byte[] Full = Convert.FromHexString(
        "B1EF1234DEADBEEF010203040A0B0C0DBEDE000110AA0000616263000003");

    [Fact]
    public void TryParse_AllHeaderFeatures_ReadsEveryField()
    {
        Assert.True(RtpPacket.TryParse(Full, out var packet, out var error), error.ToString());
        Assert.Equal(2, packet.Version);
        Assert.True(packet.HasPadding);
        Assert.True(packet.HasExtension);
        Assert.Equal(1, packet.CsrcCount);
        Assert.True(packet.Marker);
        Assert.Equal(111, packet.PayloadType);
        Assert.Equal(0x1234, packet.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, packet.Timestamp);
        Assert.Equal(0x01020304u, packet.Ssrc);
        Assert.Equal(0x0A0B0C0Du, packet.GetCsrc(0));
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal(new byte[] { 0x10, 0xAA, 0, 0 }, packet.ExtensionData.ToArray());
        Assert.Equal(24, packet.HeaderLength);
        Assert.Equal(3, packet.PaddingLength);
        Assert.Equal("abc"u8.ToArray(), packet.Payload.ToArray());
    }

    [Theory]
    [InlineData("80001234DEADBEEF01020304", RtpPacketError.None)]
    [InlineData("80001234DEADBEEF010203", RtpPacketError.TooShort)]
    [InlineData("40001234DEADBEEF01020304", RtpPacketError.BadVersion)]
    [InlineData("82001234DEADBEEF010203040A0B0C0D", RtpPacketError.CsrcOverrun)]
    [InlineData("90001234DEADBEEF01020304BEDE", RtpPacketError.ExtensionOverrun)]
    [InlineData("90001234DEADBEEF01020304BEDE0002AAAAAAAA", RtpPacketError.ExtensionOverrun)]
    [InlineData("A0001234DEADBEEF01020304616200", RtpPacketError.BadPadding)]
    [InlineData("A0001234DEADBEEF01020304616205", RtpPacketError.BadPadding)]
    [InlineData("A0001234DEADBEEF01020304", RtpPacketError.BadPadding)]
    public void TryParse_Malformed_ReportsReason(string hex, RtpPacketError expected)
    {
        var parsed = RtpPacket.TryParse(Convert.FromHexString(hex), out _, out var error);
        Assert.Equal(expected, error);
        Assert.Equal(expected == RtpPacketError.None, parsed);
    }

    [Fact]
    public void TryGetHeaderLength_PaddingBitWithEncryptedTail_IgnoresPadding()
    {
        var srtpLike = Convert.FromHexString("A0001234DEADBEEF01020304FF00");
        Assert.Equal(RtpPacketError.None, RtpPacket.TryGetHeaderLength(srtpLike, out var headerLength));
        Assert.Equal(12, headerLength);
    }

    [Fact]
    public void RtpHeader_Rewrites_ChangeOnlyTheirField()
    {
        var packet = (byte[])Full.Clone();
        RtpHeader.SetSsrc(packet, 0xCAFEBABE);
        RtpHeader.SetSequenceNumber(packet, 0xFFFF);
        RtpHeader.SetTimestamp(packet, 7);
        RtpHeader.SetMarker(packet, false);
        RtpHeader.SetPayloadType(packet, 0);

        Assert.True(RtpPacket.TryParse(packet, out var parsed, out _));
        Assert.Equal(0xCAFEBABEu, parsed.Ssrc);
        Assert.Equal(0xFFFF, parsed.SequenceNumber);
        Assert.Equal(7u, parsed.Timestamp);
        Assert.False(parsed.Marker);
        Assert.Equal(0, parsed.PayloadType);
        Assert.True(parsed.HasPadding);
        Assert.Equal(1, parsed.CsrcCount);
        Assert.Equal(Full[12..], packet[12..]);
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrowsAndStaysInBounds()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            if (RtpPacket.TryParse(bytes, out var packet, out _))
            {
                Assert.True(packet.HeaderLength + packet.Payload.Length + packet.PaddingLength == bytes.Length);
                _ = packet.ExtensionData.Length;
                for (var i = 0; i < packet.CsrcCount; i++)
                {
                    _ = packet.GetCsrc(i);
                }
            }
        }, iter: 5000);
    }
}
