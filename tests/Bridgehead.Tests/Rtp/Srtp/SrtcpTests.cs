using System.Buffers.Binary;
using Bridgehead.Rtp.Srtp;
using static Bridgehead.Tests.Rtp.Srtp.SrtpTestPackets;

namespace Bridgehead.Tests.Rtp.Srtp;

public sealed class SrtcpTests
{
    [Theory]
    [MemberData(nameof(SrtpContextTests.Profiles), MemberType = typeof(SrtpContextTests))]
    public void ProtectThenUnprotect_Compound_RoundTripsWithIncreasingIndexAndEFlag(SrtpProfile profile)
    {
        using var sender = NewContext(profile);
        using var receiver = NewContext(profile);
        var info = SrtpProfiles.Get(profile);
        for (uint expectedIndex = 0; expectedIndex < 3; expectedIndex++)
        {
            var packet = MakeRtcp();
            var plain = packet[..32];
            Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(packet, 32, out var length));
            Assert.Equal(32 + 4 + info.RtcpTagLength, length);
            Assert.Equal(plain[..8], packet[..8]);
            Assert.NotEqual(plain[8..32], packet[8..32]);

            // E flag and index sit before the tag for AES-CM and after it for AEAD.
            var wordOffset = info.IsAead ? 32 + 16 : 32;
            Assert.Equal(0x80000000 | expectedIndex, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(wordOffset)));

            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(packet.AsSpan(0, length), out var plainLength));
            Assert.Equal(plain, packet[..plainLength]);
        }
    }

    [Fact]
    public void Srtcp_HmacSha1_32Suite_UsesEightyBitTag()
    {
        using var sender = NewContext(SrtpProfile.AesCm128HmacSha1_32);
        Assert.Equal(4 + 10, sender.RtcpOverhead);
        Assert.Equal(4, sender.RtpOverhead);
    }

    [Theory]
    [MemberData(nameof(SrtpContextTests.Profiles), MemberType = typeof(SrtpContextTests))]
    public void UnprotectRtcp_Replayed_IsRefused(SrtpProfile profile)
    {
        using var sender = NewContext(profile);
        using var receiver = NewContext(profile);
        var packet = MakeRtcp();
        sender.ProtectRtcp(packet, 32, out var length);
        var copy = packet[..length];

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(packet.AsSpan(0, length), out _));
        Assert.Equal(SrtpResult.Replayed, receiver.UnprotectRtcp(copy, out _));
    }

    [Theory]
    [MemberData(nameof(SrtpContextTests.Profiles), MemberType = typeof(SrtpContextTests))]
    public void UnprotectRtcp_AnyFlippedBit_IsRefused(SrtpProfile profile)
    {
        using var sender = NewContext(profile);
        var packet = MakeRtcp();
        sender.ProtectRtcp(packet, 32, out var length);
        var original = packet[..length];

        using var receiver = NewContext(profile);
        for (var bit = 0; bit < length * 8; bit++)
        {
            var tampered = (byte[])original.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(SrtpResult.Ok, receiver.UnprotectRtcp(tampered, out _));
        }

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(original, out _));
    }

    [Fact]
    public void UnprotectRtcp_BehindWindow_IsTooOld()
    {
        using var sender = NewContext(SrtpProfile.AesCm128HmacSha1_80);
        using var receiver = NewContext(SrtpProfile.AesCm128HmacSha1_80);
        var packets = new List<byte[]>();
        for (var i = 0; i < 70; i++)
        {
            var packet = MakeRtcp();
            sender.ProtectRtcp(packet, 32, out var length);
            packets.Add(packet[..length]);
        }

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(packets[69], out _));
        Assert.Equal(SrtpResult.TooOld, receiver.UnprotectRtcp(packets[5], out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(packets[6], out _));
    }

    [Fact]
    public void UnprotectRtcp_AesCmWithEFlagClear_AuthenticatesWithoutDecrypting()
    {
        // RFC 3711 §3.4: E = 0 means the payload was sent in the clear but still authenticated.
        var keys = SrtpKeyDerivation.DeriveSessionKeys(SrtpProfile.AesCm128HmacSha1_80, new byte[16], new byte[14]);
        using var receiver = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, keys);
        var packet = MakeRtcp();
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(32), 0);
#pragma warning disable CA5350 // building the reference tag
        var tag = System.Security.Cryptography.HMACSHA1.HashData(keys.RtcpAuthKey, packet.AsSpan(0, 36));
#pragma warning restore CA5350
        tag.AsSpan(0, 10).CopyTo(packet.AsSpan(36));

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(packet.AsSpan(0, 46), out var plainLength));
        Assert.Equal(32, plainLength);
        Assert.Equal(MakeRtcp()[..32], packet[..32]);
    }

    [Fact]
    public void ProtectRtcp_NoRoom_IsBufferTooSmall()
    {
        using var sender = NewContext(SrtpProfile.AeadAes128Gcm);
        Assert.Equal(SrtpResult.BufferTooSmall, sender.ProtectRtcp(MakeRtcp().AsSpan(0, 40), 32, out _));
    }
}
