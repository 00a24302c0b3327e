using Bridgehead.Rtp.Srtp;

namespace Bridgehead.Tests.Rtp.Srtp;

public sealed class SrtpKeyDerivationTests
{
    [Fact]
    public void Rfc3711_B3_CipherKeySaltAndAuthKey_MatchVector()
    {
        var vector = RtpVectors.Load("rfc3711").GetProperty("B.3_key_derivation");
        var masterKey = vector.Hex("master_key");
        var masterSalt = vector.Hex("master_salt");

        var cipherKey = new byte[16];
        SrtpKeyDerivation.DeriveKey(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, cipherKey);
        Assert.Equal(vector.Hex("cipher_key_label_0x00"), cipherKey);

        var saltKeystream = new byte[16];
        SrtpKeyDerivation.DeriveKey(masterKey, masterSalt, SrtpKeyDerivation.RtpSaltLabel, saltKeystream);
        Assert.Equal(vector.Hex("cipher_salt_label_0x02_keystream16"), saltKeystream);

        var authKeystream = new byte[94];
        SrtpKeyDerivation.DeriveKey(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, authKeystream);
        Assert.Equal(vector.Hex("auth_key_label_0x01_keystream94"), authKeystream);

        var keys = SrtpKeyDerivation.DeriveSessionKeys(SrtpProfile.AesCm128HmacSha1_80, masterKey, masterSalt);
        Assert.Equal(vector.Hex("cipher_key_label_0x00"), keys.RtpCipherKey.ToArray());
        Assert.Equal(vector.Hex("cipher_salt_112bit"), keys.RtpSalt.ToArray());
        Assert.Equal(vector.Hex("auth_key_160bit_for_HMAC_SHA1"), keys.RtpAuthKey.ToArray());
    }

    [Theory]
    [InlineData("7.2_AES_256_CM_PRF", SrtpProfile.AesCm256HmacSha1_80)]
    [InlineData("7.4_AES_192_CM_PRF", SrtpProfile.AesCm192HmacSha1_80)]
    public void Rfc6188_KeyDerivation_MatchesVector(string section, SrtpProfile profile)
    {
        var vector = RtpVectors.Load("rfc6188").GetProperty(section);
        var keys = SrtpKeyDerivation.DeriveSessionKeys(profile, vector.Hex("master_key"), vector.Hex("master_salt"));

        Assert.Equal(vector.Hex("cipher_key"), keys.RtpCipherKey.ToArray());
        Assert.Equal(vector.Hex("cipher_salt"), keys.RtpSalt.ToArray());
        Assert.Equal(vector.Hex("auth_key"), keys.RtpAuthKey.ToArray());
    }

    [Fact]
    public void DeriveSessionKeys_RtcpLabels_DifferFromRtp()
    {
        var vector = RtpVectors.Load("rfc3711").GetProperty("B.3_key_derivation");
        var keys = SrtpKeyDerivation.DeriveSessionKeys(SrtpProfile.AesCm128HmacSha1_80, vector.Hex("master_key"), vector.Hex("master_salt"));

        var expected = new byte[16];
        SrtpKeyDerivation.DeriveKey(vector.Hex("master_key"), vector.Hex("master_salt"), SrtpKeyDerivation.RtcpEncryptionLabel, expected);
        Assert.Equal(expected, keys.RtcpCipherKey.ToArray());
        Assert.NotEqual(keys.RtpCipherKey.ToArray(), keys.RtcpCipherKey.ToArray());
        Assert.NotEqual(keys.RtpSalt.ToArray(), keys.RtcpSalt.ToArray());
    }

    [Fact]
    public void DeriveSessionKeys_WrongMasterKeyLength_Throws() =>
        Assert.Throws<ArgumentException>(() => SrtpKeyDerivation.DeriveSessionKeys(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[14]));
}
