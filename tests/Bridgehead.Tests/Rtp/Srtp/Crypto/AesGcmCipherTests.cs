using System.Security.Cryptography;
using Bridgehead.Rtp.Srtp.Crypto;
using CsCheck;

namespace Bridgehead.Tests.Rtp.Srtp.Crypto;

public sealed class AesGcmCipherTests
{
    [Fact]
    public void Encrypt_RandomInputs_MatchesPlatformAesGcm()
    {
        Assert.SkipUnless(AesCounterMode.IntrinsicsSupported && Ghash.IsSupported, "AES-NI/PCLMULQDQ not available");
        Gen.Select(Gen.OneOfConst(16, 32).SelectMany(n => Gen.Byte.Array[n]), Gen.Byte.Array[12], Gen.Byte.Array[0, 60], Gen.Byte.Array[0, 400])
            .Sample((key, nonce, aad, plaintext) =>
            {
                using var cipher = new AesGcmCipher(key, useIntrinsics: true);
                Assert.True(cipher.UsesIntrinsics);
                var data = (byte[])plaintext.Clone();
                var tag = new byte[16];
                cipher.Encrypt(nonce, data, aad, tag);

                using var reference = new AesGcm(key, 16);
                var expected = new byte[plaintext.Length];
                var expectedTag = new byte[16];
                reference.Encrypt(nonce, plaintext, expected, expectedTag, aad);
                Assert.Equal(expected, data);
                Assert.Equal(expectedTag, tag);

                Assert.True(cipher.Decrypt(nonce, data, aad, tag));
                Assert.Equal(plaintext, data);
            }, iter: 300);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Decrypt_TamperedTag_FailsAndLeavesDataUntouched(bool intrinsics)
    {
        var key = new byte[16];
        var nonce = new byte[12];
        using var cipher = new AesGcmCipher(key, intrinsics);
        var data = "sixteen byte msg"u8.ToArray();
        var tag = new byte[16];
        cipher.Encrypt(nonce, data, [], tag);
        var ciphertext = (byte[])data.Clone();

        tag[5] ^= 0x40;
        Assert.False(cipher.Decrypt(nonce, data, [], tag));
        if (intrinsics)
        {
            Assert.Equal(ciphertext, data);
        }
    }
}
