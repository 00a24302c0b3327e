using System.Text.Json;
using Bridgehead.Rtp.Srtp.Crypto;
using CsCheck;

namespace Bridgehead.Tests.Rtp.Srtp.Crypto;

public sealed class AesCounterModeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc3711_B2_KeystreamBlocks_MatchVector(bool intrinsics)
    {
        var vector = RtpVectors.Load("rfc3711").GetProperty("B.2_aes_cm_keystream");
        using var ctr = new AesCounterMode(vector.Hex("session_key"), intrinsics);
        Assert.Equal(intrinsics && AesCounterMode.IntrinsicsSupported, ctr.UsesIntrinsics);

        // The keystream from the offset, long enough to reach counter ...FF01.
        var keystream = new byte[0xFF02 * 16];
        ctr.Xor(vector.Hex("offset"), keystream);

        foreach (var block in vector.GetProperty("keystream_blocks").EnumerateObject())
        {
            var counter = Convert.ToInt32(block.Name[^4..], 16);
            Assert.Equal(block.Value.GetString(), Convert.ToHexString(keystream, counter * 16, 16));
        }
    }

    [Fact]
    public void Xor_RandomKeysIvsAndLengths_IntrinsicsMatchPlatform()
    {
        Assert.SkipUnless(AesCounterMode.IntrinsicsSupported, "AES-NI not available");
        var keyLength = Gen.OneOfConst(16, 24, 32);
        Gen.Select(keyLength.SelectMany(n => Gen.Byte.Array[n]), Gen.Byte.Array[12], Gen.UInt, Gen.Byte.Array[0, 700])
            .Sample((key, ivHead, counter, data) =>
            {
                var iv = new byte[16];
                ivHead.CopyTo(iv, 0);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(iv.AsSpan(12), counter);
                using var fast = new AesCounterMode(key, useIntrinsics: true);
                using var platform = new AesCounterMode(key, useIntrinsics: false);
                var a = (byte[])data.Clone();
                var b = (byte[])data.Clone();
                fast.Xor(iv, a);
                platform.Xor(iv, b);
                Assert.Equal(b, a);
            }, iter: 300);
    }
}
