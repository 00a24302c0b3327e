using Bridgehead.Rtp.Srtp;

namespace Bridgehead.Tests.Rtp.Srtp;

/// <summary>Whole-packet vectors: RFC 7714 §16 and the libsrtp driver's AES-CM vector.</summary>
public sealed class SrtpVectorTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LibsrtpDriverVector_NotRfc_AesCm128HmacSha1_80_ProtectsAndUnprotects(bool platform)
    {
        var vector = RtpVectors.Load("rfc3711").GetProperty("libsrtp_packet_vector_NOT_RFC");
        var plain = vector.Hex("rtp_plain");
        var expected = vector.Hex("srtp_protected");
        var policy = new SrtpPolicy { UsePlatformCrypto = platform };

        using var sender = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, vector.Hex("master_key"), vector.Hex("master_salt"), policy);
        var buffer = new byte[plain.Length + sender.RtpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, plain.Length, out var length));
        Assert.Equal(expected, buffer[..length]);

        using var receiver = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, vector.Hex("master_key"), vector.Hex("master_salt"), policy);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, length), out var plainLength));
        Assert.Equal(plain, buffer[..plainLength]);
    }

    [Theory]
    [InlineData("16.1_AEAD_AES_128_GCM", SrtpProfile.AeadAes128Gcm, false)]
    [InlineData("16.1_AEAD_AES_128_GCM", SrtpProfile.AeadAes128Gcm, true)]
    [InlineData("16.2_AEAD_AES_256_GCM_COMPUTED_HERE", SrtpProfile.AeadAes256Gcm, false)]
    [InlineData("16.2_AEAD_AES_256_GCM_COMPUTED_HERE", SrtpProfile.AeadAes256Gcm, true)]
    public void Rfc7714_16_AeadAesGcm_ProtectsAndUnprotects(string section, SrtpProfile profile, bool platform)
    {
        var vectors = RtpVectors.Load("rfc7714");
        var vector = vectors.GetProperty(section);
        var plain = vectors.Hex("rtp_plain");
        var expected = vector.Hex("srtp_protected");
        var key = vector.Hex("session_key");
        var salt = vectors.Hex("session_salt");
        var keys = new SrtpSessionKeys(key, salt, [], key, salt, []);
        var policy = new SrtpPolicy { UsePlatformCrypto = platform };

        using var sender = new SrtpContext(profile, keys, policy);
        var buffer = new byte[plain.Length + sender.RtpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, plain.Length, out var length));
        Assert.Equal(expected, buffer[..length]);

        using var receiver = new SrtpContext(profile, keys, policy);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, length), out var plainLength));
        Assert.Equal(plain, buffer[..plainLength]);
    }

    [Fact]
    public void Rfc7714_8_1_RtpIv_MatchesVector()
    {
        var vectors = RtpVectors.Load("rfc7714");
        var iv = new byte[12];
        SrtpContext.GcmIv(vectors.Hex("session_salt"), 0x5501a0b2, 0, 0xf17b, 2, iv);
        Assert.Equal(vectors.Hex("iv"), iv);
    }

    [Fact]
    public void Rfc7714_17_SrtcpIv_MatchesIndexMd()
    {
        // RTCP 81c8000d 4d617273 ..., SRTCP index 0x5d4, IV 517524055203726f207170bb (tests/vectors/rfc7714/INDEX.md).
        var vectors = RtpVectors.Load("rfc7714");
        var iv = new byte[12];
        SrtpContext.GcmIv(vectors.Hex("session_salt"), 0x4d617273, 0, 0x5d4, 4, iv);
        Assert.Equal(Convert.FromHexString("517524055203726f207170bb"), iv);
    }

    [Fact]
    public void Rfc7714_16_1_TamperedTag_FailsAuthentication()
    {
        var vectors = RtpVectors.Load("rfc7714");
        var vector = vectors.GetProperty("16.1_AEAD_AES_128_GCM");
        var key = vector.Hex("session_key");
        var salt = vectors.Hex("session_salt");
        using var receiver = new SrtpContext(SrtpProfile.AeadAes128Gcm, new SrtpSessionKeys(key, salt, [], key, salt, []));
        var packet = vector.Hex("srtp_protected");
        packet[^1] ^= 1;

        Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtp(packet, out _));
        Assert.Equal(0, receiver.StreamCount);
    }
}
