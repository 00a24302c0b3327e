using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bridgehead.Stun;

namespace Bridgehead.Tests.Stun;

/// <summary>
/// RFC 5769 test vectors: each is parsed, its MESSAGE-INTEGRITY and FINGERPRINT verified, its
/// attributes read, and the message re-encoded from those values byte for byte.
/// </summary>
public sealed class Rfc5769Tests
{
    private static readonly byte[] TransactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    [Theory]
    [InlineData("sample-request.bin", "b4d80e931289ed2b4f6c289d8e8278286b80d9baaff3d504cfbdc6b6e6ed5899")]
    [InlineData("sample-ipv4-response.bin", "21170621e9953d24ba2a2f4fd1e69ddbe27862017fbfa322c24ff23ee3762ebe")]
    [InlineData("sample-ipv6-response.bin", "9988ed75363e230b1bcd8cce931ca110dc8f0b2f9eff3db68dd023539629e1de")]
    [InlineData("sample-request-long-term.bin", "4b1c777e02d65a3474034eb58dc78ee689c62109751cf5f320f0522ebdc33cdd")]
    public void Rfc5769_VectorFile_IsTheIndexedBytes(string file, string sha256)
    {
        var bytes = StunVectors.Read($"rfc5769/{file}");
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public void Rfc5769_2_1_SampleRequest_ParsesVerifiesAndReencodesIdentically()
    {
        var bytes = StunVectors.Read("rfc5769/sample-request.bin");
        using var key = StunIntegrityKey.ForShortTermPassword(StunVectors.ShortTermPassword);

        Assert.True(StunMessage.TryParse(bytes, out var message, out var error), error.ToString());
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(TransactionId, message.TransactionId.ToArray());
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.True(message.VerifyFingerprint());

        Assert.True(message.TryGetSoftware(out var software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetPriority(out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out var tieBreaker));
        Assert.Equal(0x932ff9b151263b36UL, tieBreaker);
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));

        var buffer = new byte[bytes.Length];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId, paddingByte: 0x20);
        writer.AddSoftware(Encoding.UTF8.GetString(software));
        writer.AddPriority(priority);
        writer.AddIceControlled(tieBreaker);
        writer.AddUsername(Encoding.UTF8.GetString(username));
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();

        Assert.False(writer.Overflowed);
        Assert.Equal(bytes, writer.Written.ToArray());
    }

    [Fact]
    public void Rfc5769_2_2_SampleIPv4Response_ParsesVerifiesAndReencodesIdentically()
    {
        var bytes = StunVectors.Read("rfc5769/sample-ipv4-response.bin");
        AssertResponse(bytes, new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));
    }

    [Fact]
    public void Rfc5769_2_3_SampleIPv6Response_ParsesVerifiesAndReencodesIdentically()
    {
        var bytes = StunVectors.Read("rfc5769/sample-ipv6-response.bin");
        AssertResponse(bytes, new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
    }

    [Fact]
    public void Rfc5769_2_4_SampleRequestLongTerm_ParsesVerifiesAndReencodesIdentically()
    {
        var bytes = StunVectors.Read("rfc5769/sample-request-long-term.bin");
        const string username = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";

        // SASLprep("The\u00ADM\u00AAtr\u2168") = "TheMatrIX": the caller prepares the password.
        var keyBytes = StunIntegrityKey.ComputeLongTermKey(username, "example.org", "TheMatrIX");
        Assert.Equal("e8ca7ad59d5eb0518e312911d2dab2a9", Convert.ToHexStringLower(keyBytes));
        using var key = new StunIntegrityKey(keyBytes);

        Assert.True(StunMessage.TryParse(bytes, out var message, out var error), error.ToString());
        Assert.Equal(StunClass.Request, message.Class);
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.False(message.HasFingerprint);
        Assert.True(message.TryGetUsername(out var user));
        Assert.Equal(username, Encoding.UTF8.GetString(user));
        Assert.True(message.TryGetNonce(out var nonce));
        Assert.Equal("f//499k954d6OL34oL9FSTvy64sA", Encoding.UTF8.GetString(nonce));
        Assert.True(message.TryGetRealm(out var realm));
        Assert.Equal("example.org", Encoding.UTF8.GetString(realm));

        var buffer = new byte[bytes.Length];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, message.TransactionId);
        writer.AddUsername(username);
        writer.AddText(StunAttributeType.Nonce, Encoding.UTF8.GetString(nonce));
        writer.AddText(StunAttributeType.Realm, Encoding.UTF8.GetString(realm));
        writer.AddMessageIntegrity(key);

        Assert.False(writer.Overflowed);
        Assert.Equal(bytes, writer.Written.ToArray());
    }

    [Fact]
    public void Rfc5769_2_1_SampleRequest_WrongPassword_FailsIntegrity()
    {
        var bytes = StunVectors.Read("rfc5769/sample-request.bin");
        using var key = StunIntegrityKey.ForShortTermPassword("VOkJxbRl1RmTxUk/WvJxBu");

        Assert.True(StunMessage.TryParse(bytes, out var message, out _));
        Assert.False(message.VerifyMessageIntegrity(key));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void Rfc5769_2_2_SampleIPv4Response_AnyFlippedBit_FailsIntegrityOrFingerprint()
    {
        var original = StunVectors.Read("rfc5769/sample-ipv4-response.bin");
        using var key = StunIntegrityKey.ForShortTermPassword(StunVectors.ShortTermPassword);

        // Past the header (where a flip breaks parsing instead), every flipped bit of the signed
        // region or of the integrity value itself must be caught by one of the two checks.
        for (var bit = StunMessage.HeaderLength * 8; bit < original.Length * 8; bit++)
        {
            var bytes = (byte[])original.Clone();
            bytes[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            if (!StunMessage.TryParse(bytes, out var message, out _))
            {
                continue;
            }

            Assert.False(message.VerifyMessageIntegrity(key) && message.VerifyFingerprint(), $"bit {bit}");
        }
    }

    private static void AssertResponse(byte[] bytes, IPEndPoint expected)
    {
        using var key = StunIntegrityKey.ForShortTermPassword(StunVectors.ShortTermPassword);

        Assert.True(StunMessage.TryParse(bytes, out var message, out var error), error.ToString());
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetSoftware(out var software));
        Assert.Equal("test vector", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(expected, mapped);

        var buffer = new byte[bytes.Length];
        var writer = new StunWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, message.TransactionId, paddingByte: 0x20);
        writer.AddSoftware("test vector");
        writer.AddXorMappedAddress(mapped!);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();

        Assert.False(writer.Overflowed);
        Assert.Equal(bytes, writer.Written.ToArray());
    }
}
