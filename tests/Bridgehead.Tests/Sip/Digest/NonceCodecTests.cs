using Bridgehead.Sip.Digest;

namespace Bridgehead.Tests.Sip.Digest;

public sealed class NonceCodecTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 30, 15, 123, TimeSpan.Zero);

    private static byte[] Create(NonceCodec codec, DateTimeOffset at, byte fill = 7)
    {
        var random = new byte[8];
        Array.Fill(random, fill);
        var destination = new byte[64];
        var n = codec.Create(at, random, destination);
        Assert.Equal(NonceCodec.EncodedLength, n);
        return destination[..n];
    }

    [Fact]
    public void TryVerify_OwnNonce_ReturnsIssueTime()
    {
        var codec = new NonceCodec(Key);
        var nonce = Create(codec, Now);

        Assert.True(codec.TryVerify(nonce, out var issuedAt));
        Assert.Equal(Now, issuedAt);
    }

    [Fact]
    public void Create_IsBase64UrlWithoutPadding()
    {
        var nonce = Create(new NonceCodec(Key), Now);

        Assert.All(nonce, b => Assert.True(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_'));
    }

    [Fact]
    public void Create_DifferentRandom_GivesDifferentNonces()
    {
        var codec = new NonceCodec(Key);

        Assert.NotEqual(Create(codec, Now, 1), Create(codec, Now, 2));
    }

    [Fact]
    public void TryVerify_AnyByteTampered_Fails()
    {
        var codec = new NonceCodec(Key);
        var nonce = Create(codec, Now);
        for (var i = 0; i < nonce.Length; i++)
        {
            // Flip the most significant of the six bits the character carries: it is never padding.
            var tampered = (byte[])nonce.Clone();
            tampered[i] = (byte)Base64UrlAlphabet[Base64UrlAlphabet.IndexOf((char)tampered[i], StringComparison.Ordinal) ^ 32];
            Assert.False(codec.TryVerify(tampered, out _), $"byte {i}");
        }
    }

    [Fact]
    public void TryVerify_WrongKey_Fails()
    {
        var nonce = Create(new NonceCodec(Key), Now);
        var otherKey = (byte[])Key.Clone();
        otherKey[0] ^= 1;

        Assert.False(new NonceCodec(otherKey).TryVerify(nonce, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("dcd98b7102dd2f0e8b11d0f600bfb0c093")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void TryVerify_Garbage_Fails(string nonce) =>
        Assert.False(new NonceCodec(Key).TryVerify(System.Text.Encoding.ASCII.GetBytes(nonce), out _));

    [Fact]
    public void Constructor_KeyIsCopied_LaterChangesDoNotMatter()
    {
        var key = (byte[])Key.Clone();
        var codec = new NonceCodec(key);
        var nonce = Create(codec, Now);
        key[0] ^= 0xff;

        Assert.True(codec.TryVerify(nonce, out _));
    }
}
