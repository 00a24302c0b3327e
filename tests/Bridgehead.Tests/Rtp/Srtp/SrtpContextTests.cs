using System.Buffers.Binary;
using Bridgehead.Rtp.Srtp;
using CsCheck;
using static Bridgehead.Tests.Rtp.Srtp.SrtpTestPackets;

namespace Bridgehead.Tests.Rtp.Srtp;

public sealed class SrtpContextTests
{
    [Fact]
    public void ProtectThenUnprotect_RandomPacketsEveryProfile_RoundTrip()
    {
        var gen = Gen.Select(Gen.Int[0, AllProfiles.Length - 1], Gen.UShort, Gen.UInt, Gen.Int[0, 1200], Gen.Int[0, 3], Gen.Int[-1, 3], Gen.Bool);
        gen.Sample((profileIndex, sequence, ssrc, payloadLength, csrcs, extension, platform) =>
        {
            var profile = AllProfiles[profileIndex];
            var policy = new SrtpPolicy { UsePlatformCrypto = platform };
            using var sender = NewContext(profile, policy);
            using var receiver = NewContext(profile, policy);
            var packet = MakeRtp(sequence, ssrc, payloadLength, csrcCount: csrcs, extensionWords: extension);
            var length = RtpLength(packet, payloadLength, csrcs, extension);
            var plain = packet[..length];

            Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(packet, length, out var protectedLength));
            Assert.Equal(length + sender.RtpOverhead, protectedLength);
            if (payloadLength >= 16)
            {
                Assert.NotEqual(plain[^16..], packet[(length - 16)..length]);
            }

            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(packet.AsSpan(0, protectedLength), out var plainLength));
            Assert.Equal(plain, packet[..plainLength]);
        }, iter: 400);
    }

    [Fact]
    public void Protect_IntrinsicsAndPlatform_ProduceIdenticalPackets()
    {
        Gen.Select(Gen.Int[0, AllProfiles.Length - 1], Gen.UShort, Gen.Int[0, 300]).Sample((profileIndex, sequence, payloadLength) =>
        {
            var profile = AllProfiles[profileIndex];
            using var fast = NewContext(profile);
            using var platform = NewContext(profile, new SrtpPolicy { UsePlatformCrypto = true });
            var a = MakeRtp(sequence, payloadLength: payloadLength);
            var b = MakeRtp(sequence, payloadLength: payloadLength);
            var length = RtpLength(a, payloadLength);
            fast.ProtectRtp(a, length, out var lengthA);
            platform.ProtectRtp(b, length, out var lengthB);
            Assert.Equal(b[..lengthB], a[..lengthA]);

            var rtcpA = MakeRtcp();
            var rtcpB = MakeRtcp();
            fast.ProtectRtcp(rtcpA, 32, out lengthA);
            platform.ProtectRtcp(rtcpB, 32, out lengthB);
            Assert.Equal(rtcpB[..lengthB], rtcpA[..lengthA]);
        }, iter: 100);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_SequenceWrapsFrom65535To0_RocAdvances(SrtpProfile profile)
    {
        using var sender = NewContext(profile);
        using var receiver = NewContext(profile);
        foreach (var sequence in new ushort[] { 65533, 65534, 65535, 0, 1, 2 })
        {
            var packet = MakeRtp(sequence);
            Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(packet, RtpLength(packet), out var length));
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(packet.AsSpan(0, length), out _));
        }

        Assert.True(sender.TryGetRolloverCounter(0x11223344, out var sent));
        Assert.True(receiver.TryGetRolloverCounter(0x11223344, out var received));
        Assert.Equal(1u, sent);
        Assert.Equal(1u, received);
    }

    [Fact]
    public void UnprotectRtp_LateAcrossWrap_UsesPreviousRoc()
    {
        using var sender = NewContext(SrtpProfile.AesCm128HmacSha1_80);
        using var receiver = NewContext(SrtpProfile.AesCm128HmacSha1_80);
        var protectedPackets = new Dictionary<ushort, byte[]>();
        foreach (var sequence in new ushort[] { 65534, 65535, 0, 1 })
        {
            var packet = MakeRtp(sequence);
            sender.ProtectRtp(packet, RtpLength(packet), out var length);
            protectedPackets[sequence] = packet[..length];
        }

        // 65535 (ROC 0) arrives after 0 and 1 (ROC 1).
        foreach (var sequence in new ushort[] { 65534, 0, 1, 65535 })
        {
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(protectedPackets[sequence], out var plainLength));
            Assert.Equal(MakeRtp(sequence)[..plainLength], protectedPackets[sequence][..plainLength]);
        }

        Assert.True(receiver.TryGetRolloverCounter(0x11223344, out var roc));
        Assert.Equal(1u, roc);
    }

    [Fact]
    public void ProtectRtp_SameSequenceAfterWrap_DiffersFromBeforeWrap()
    {
        // The ROC enters the keystream (AES-CM IV) and the MAC: packet 0 of ROC 1 is not packet 0 of ROC 0.
        using var sender = NewContext(SrtpProfile.AesCm128HmacSha1_80);
        var first = MakeRtp(0);
        sender.ProtectRtp(first, RtpLength(first), out var length);
        for (var sequence = 1; sequence <= 65536; sequence += 1000)
        {
            var step = MakeRtp((ushort)sequence);
            sender.ProtectRtp(step, RtpLength(step), out _);
        }

        var wrapped = MakeRtp(0);
        sender.ProtectRtp(wrapped, RtpLength(wrapped), out _);
        Assert.True(sender.TryGetRolloverCounter(0x11223344, out var roc));
        Assert.Equal(1u, roc);
        Assert.NotEqual(first[12..length], wrapped[12..length]);
    }

    [Fact]
    public void SetRolloverCounter_ReceiverJoiningLate_DecryptsStreamAtThatRoc()
    {
        using var sender = NewContext(SrtpProfile.AeadAes128Gcm);
        using var receiver = NewContext(SrtpProfile.AeadAes128Gcm);
        sender.SetRolloverCounter(0x11223344, 7);
        var packet = MakeRtp(100);
        sender.ProtectRtp(packet, RtpLength(packet), out var length);

        Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtp((byte[])packet[..length].Clone(), out _));
        Assert.True(receiver.SetRolloverCounter(0x11223344, 7));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(packet.AsSpan(0, length), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_SamePacketTwice_IsReplayed(SrtpProfile profile)
    {
        using var sender = NewContext(profile);
        using var receiver = NewContext(profile);
        var packet = MakeRtp(10);
        sender.ProtectRtp(packet, RtpLength(packet), out var length);
        var copy = packet[..length];

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(packet.AsSpan(0, length), out _));
        Assert.Equal(SrtpResult.Replayed, receiver.UnprotectRtp(copy, out _));
    }

    [Fact]
    public void UnprotectRtp_BehindDefaultWindow_IsTooOld()
    {
        using var sender = NewContext(SrtpProfile.AesCm128HmacSha1_80);
        using var receiver = NewContext(SrtpProfile.AesCm128HmacSha1_80);
        var old = Protect(sender, 1000);
        var inside = Protect(sender, 1001);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Protect(sender, 1064), out _));

        Assert.Equal(SrtpResult.TooOld, receiver.UnprotectRtp(old, out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(inside, out _));
    }

    [Fact]
    public void UnprotectRtp_ConfiguredWindow_AcceptsFurtherBehind()
    {
        var policy = new SrtpPolicy { ReplayWindowSize = 256 };
        using var sender = NewContext(SrtpProfile.AesCm128HmacSha1_80, policy);
        using var receiver = NewContext(SrtpProfile.AesCm128HmacSha1_80, policy);
        var old = Protect(sender, 1000);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Protect(sender, 1200), out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(old, out _));
        Assert.Equal(SrtpResult.Replayed, receiver.UnprotectRtp(Protect(sender, 1000), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_AnyFlippedBit_FailsAuthenticationAndLeavesNoState(SrtpProfile profile)
    {
        using var sender = NewContext(profile);
        var packet = MakeRtp(5, payloadLength: 20);
        sender.ProtectRtp(packet, RtpLength(packet, 20), out var length);
        var original = packet[..length];

        using var receiver = NewContext(profile);
        for (var bit = 0; bit < length * 8; bit++)
        {
            var tampered = (byte[])original.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            var result = receiver.UnprotectRtp(tampered, out _);
            Assert.NotEqual(SrtpResult.Ok, result);
        }

        Assert.Equal(0, receiver.StreamCount);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(original, out _));
    }

    [Fact]
    public void UnprotectRtp_WrongKey_FailsAuthentication()
    {
        using var sender = NewContext(SrtpProfile.AesCm128HmacSha1_32);
        using var receiver = NewContext(SrtpProfile.AesCm128HmacSha1_32, seed: 2);
        Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtp(Protect(sender, 1), out _));
    }

    [Fact]
    public void ProtectRtp_NoRoomForTag_IsBufferTooSmall()
    {
        using var sender = NewContext(SrtpProfile.AesCm128HmacSha1_80);
        var packet = new byte[12 + 160 + 9];
        MakeRtp(1).AsSpan(0, 172).CopyTo(packet);
        Assert.Equal(SrtpResult.BufferTooSmall, sender.ProtectRtp(packet, 172, out _));
        Assert.Equal(0, sender.StreamCount);
    }

    [Fact]
    public void ProtectAndUnprotect_BadOrShortPackets_AreRefused()
    {
        using var context = NewContext(SrtpProfile.AesCm128HmacSha1_80);
        Assert.Equal(SrtpResult.TooShort, context.ProtectRtp(new byte[40], 11, out _));
        var version1 = MakeRtp(1);
        version1[0] = 0x40;
        Assert.Equal(SrtpResult.InvalidPacket, context.ProtectRtp(version1, 172, out _));
        Assert.Equal(SrtpResult.TooShort, context.UnprotectRtp(MakeRtp(1).AsSpan(0, 12 + 9), out _));
        Assert.Equal(SrtpResult.TooShort, context.UnprotectRtcp(new byte[21], out _));
    }

    [Fact]
    public void Mki_RoundTripsAndMismatchIsRefused()
    {
        var policy = new SrtpPolicy { Mki = new byte[] { 0, 0, 0, 1 } };
        using var sender = NewContext(SrtpProfile.AesCm128HmacSha1_80, policy);
        using var receiver = NewContext(SrtpProfile.AesCm128HmacSha1_80, policy);
        using var otherKey = NewContext(SrtpProfile.AesCm128HmacSha1_80, new SrtpPolicy { Mki = new byte[] { 0, 0, 0, 2 } });
        Assert.Equal(14, sender.RtpOverhead);

        var packet = Protect(sender, 1);
        Assert.Equal(new byte[] { 0, 0, 0, 1 }, packet[172..176]);
        Assert.Equal(SrtpResult.MkiMismatch, otherKey.UnprotectRtp((byte[])packet.Clone(), out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(packet, out var plainLength));
        Assert.Equal(172, plainLength);
    }

    [Fact]
    public void MaxStreams_NewSsrcBeyondLimit_IsRefused()
    {
        var policy = new SrtpPolicy { MaxStreams = 2 };
        using var sender = NewContext(SrtpProfile.AeadAes128Gcm);
        using var receiver = NewContext(SrtpProfile.AeadAes128Gcm, policy);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Protect(sender, 1, ssrc: 1), out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Protect(sender, 1, ssrc: 2), out _));
        Assert.Equal(SrtpResult.StreamLimitReached, receiver.UnprotectRtp(Protect(sender, 1, ssrc: 3), out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Protect(sender, 2, ssrc: 2), out _));
    }

    [Fact]
    public void ProtectAndUnprotect_KnownStream_AllocateNothing()
    {
        foreach (var profile in new[] { SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm })
        {
            using var sender = NewContext(profile);
            using var receiver = NewContext(profile);
            var packet = MakeRtp(1);
            var rtcp = MakeRtcp();
            var failures = RoundTrip(sender, receiver, packet, rtcp, 1);

            // Assertions allocate, so the loop only counts failures.
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (ushort sequence = 2; sequence < 200; sequence++)
            {
                failures += RoundTrip(sender, receiver, packet, rtcp, sequence);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, failures);
            Assert.Equal(0, allocated);
        }

        static int RoundTrip(SrtpContext sender, SrtpContext receiver, byte[] packet, byte[] rtcp, ushort sequence)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
            var failures = 0;
            failures += sender.ProtectRtp(packet, 172, out var length) == SrtpResult.Ok ? 0 : 1;
            failures += receiver.UnprotectRtp(packet.AsSpan(0, length), out _) == SrtpResult.Ok ? 0 : 1;
            failures += sender.ProtectRtcp(rtcp, 32, out length) == SrtpResult.Ok ? 0 : 1;
            failures += receiver.UnprotectRtcp(rtcp.AsSpan(0, length), out _) == SrtpResult.Ok ? 0 : 1;
            return failures;
        }
    }

    public static TheoryData<SrtpProfile> Profiles() => new(AllProfiles);

    private static byte[] Protect(SrtpContext sender, ushort sequence, uint ssrc = 0x11223344)
    {
        var packet = MakeRtp(sequence, ssrc);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(packet, RtpLength(packet), out var length));
        return packet[..length];
    }
}
