using Bridgehead.Dtls;

namespace Bridgehead.Tests.Dtls;

public sealed class DtlsSrtpKeysTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1Tag80, 16, 14)]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1Tag32, 16, 14)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 16, 12)]
    public void FromKeyingMaterial_Rfc5764Layout_SplitsByRole(SrtpProtectionProfile profile, int keyLength, int saltLength)
    {
        // Material 0,1,2,… makes each field's position visible:
        // client key | server key | client salt | server salt (RFC 5764 §4.2).
        var material = Enumerable.Range(0, 2 * (keyLength + saltLength)).Select(i => (byte)i).ToArray();
        var clientKey = material[..keyLength];
        var serverKey = material[keyLength..(2 * keyLength)];
        var clientSalt = material[(2 * keyLength)..((2 * keyLength) + saltLength)];
        var serverSalt = material[((2 * keyLength) + saltLength)..];

        var asClient = DtlsSrtpKeys.FromKeyingMaterial(profile, DtlsRole.Client, material)!;
        var asServer = DtlsSrtpKeys.FromKeyingMaterial(profile, DtlsRole.Server, material)!;

        Assert.Equal(profile, asClient.Profile);
        Assert.Equal(clientKey, asClient.LocalMasterKey.ToArray());
        Assert.Equal(clientSalt, asClient.LocalMasterSalt.ToArray());
        Assert.Equal(serverKey, asClient.RemoteMasterKey.ToArray());
        Assert.Equal(serverSalt, asClient.RemoteMasterSalt.ToArray());
        Assert.Equal(serverKey, asServer.LocalMasterKey.ToArray());
        Assert.Equal(serverSalt, asServer.LocalMasterSalt.ToArray());
        Assert.Equal(clientKey, asServer.RemoteMasterKey.ToArray());
        Assert.Equal(clientSalt, asServer.RemoteMasterSalt.ToArray());
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1Tag80, 59)]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1Tag80, 56)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 60)]
    [InlineData((SrtpProtectionProfile)0x0008, 88)]
    public void FromKeyingMaterial_WrongLengthOrProfile_Null(SrtpProtectionProfile profile, int length) =>
        Assert.Null(DtlsSrtpKeys.FromKeyingMaterial(profile, DtlsRole.Client, new byte[length]));

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1Tag80, 60, "SRTP_AES128_CM_HMAC_SHA1_80")]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1Tag32, 60, "SRTP_AES128_CM_HMAC_SHA1_32")]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 56, "SRTP_AEAD_AES_128_GCM")]
    public void KeyingMaterialLength_PerProfile_MatchesRegistry(SrtpProtectionProfile profile, int length, string name)
    {
        Assert.Equal(length, profile.KeyingMaterialLength());
        Assert.Equal(name, profile.RegistryName());
    }

    [Theory]
    [InlineData(0x0001, true)]
    [InlineData(0x0002, true)]
    [InlineData(0x0007, true)]
    [InlineData(0x0008, false)]
    [InlineData(0x0005, false)]
    [InlineData(0, false)]
    public void IsSupported_RegistryValues(int value, bool supported) =>
        Assert.Equal(supported, SrtpProtectionProfiles.IsSupported(value));
}
