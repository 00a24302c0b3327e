using System.Buffers.Binary;
using System.Net;
using Bridgehead.Stun;
using CsCheck;

namespace Bridgehead.Tests.Stun;

public sealed class StunMessageTests
{
    private static readonly byte[] TransactionId = Convert.FromHexString("0102030405060708090a0b0c");

    [Fact]
    public void TryParse_ShorterThanHeader_IsTooShort()
    {
        Assert.False(StunMessage.TryParse(new byte[19], out _, out var error));
        Assert.Equal(StunParseError.TooShort, error);
    }

    [Fact]
    public void TryParse_WithoutMagicCookie_IsNotStun()
    {
        var bytes = Build((ref StunWriter w) => w.AddPriority(1));
        bytes[4] ^= 1;
        Assert.False(StunMessage.TryParse(bytes, out _, out var error));
        Assert.Equal(StunParseError.NotStun, error);
    }

    [Fact]
    public void TryParse_TopBitsSet_IsNotStun()
    {
        var bytes = Build((ref StunWriter w) => w.AddPriority(1));
        bytes[0] |= 0x80;
        Assert.False(StunMessage.TryParse(bytes, out _, out var error));
        Assert.Equal(StunParseError.NotStun, error);
    }

    [Fact]
    public void TryParse_LengthFieldDisagreesWithDatagram_IsLengthMismatch()
    {
        var bytes = Build((ref StunWriter w) => w.AddPriority(1));
        Assert.False(StunMessage.TryParse(bytes.AsSpan(0, bytes.Length - 4), out _, out var error));
        Assert.Equal(StunParseError.LengthMismatch, error);
    }

    [Fact]
    public void TryParse_LengthNotMultipleOfFour_IsRejected()
    {
        var bytes = Build((ref StunWriter w) => w.AddPriority(1));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), 6);
        Assert.False(StunMessage.TryParse(bytes.AsSpan(0, 26), out _, out var error));
        Assert.Equal(StunParseError.LengthNotMultipleOfFour, error);
    }

    [Fact]
    public void TryParse_AttributeValueRunsPastEnd_IsAttributeOverrun()
    {
        var bytes = Build((ref StunWriter w) => w.AddPriority(1));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(22), 8);
        Assert.False(StunMessage.TryParse(bytes, out _, out var error));
        Assert.Equal(StunParseError.AttributeOverrun, error);
    }

    [Fact]
    public void TryParse_AttributeAfterFingerprint_IsFingerprintNotLast()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AddFingerprint();
        writer.AddPriority(7);
        Assert.False(StunMessage.TryParse(writer.Written, out _, out var error));
        Assert.Equal(StunParseError.FingerprintNotLast, error);
    }

    [Fact]
    public void TryParse_FingerprintOfWrongLength_IsBadIntegrityAttributeLength()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AddAttribute(StunAttributeType.Fingerprint, new byte[8]);
        Assert.False(StunMessage.TryParse(writer.Written, out _, out var error));
        Assert.Equal(StunParseError.BadIntegrityAttributeLength, error);
    }

    [Fact]
    public void TryGetAttribute_AfterMessageIntegrity_IsIgnored()
    {
        using var key = new StunIntegrityKey([1, 2, 3]);
        var buffer = new byte[128];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AddUsername("a:b");
        writer.AddMessageIntegrity(key);
        writer.AddPriority(99);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var message, out _));
        Assert.False(message.TryGetPriority(out _));
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void TryGetAttribute_Duplicate_ReturnsFirst()
    {
        var bytes = Build((ref StunWriter w) =>
        {
            w.AddPriority(1);
            w.AddPriority(2);
        });
        Assert.True(StunMessage.TryParse(bytes, out var message, out _));
        Assert.True(message.TryGetPriority(out var priority));
        Assert.Equal(1u, priority);
    }

    [Fact]
    public void TryGetErrorCode_WrittenCode_ReadsBack()
    {
        var bytes = Build((ref StunWriter w) => w.AddErrorCode(487, "Role Conflict"), StunClass.ErrorResponse);
        Assert.True(StunMessage.TryParse(bytes, out var message, out _));
        Assert.True(message.TryGetErrorCode(out var code, out var reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict"u8.ToArray(), reason.ToArray());
    }

    [Fact]
    public void GetUnknownAttributes_WrittenList_ReadsBack()
    {
        var bytes = Build((ref StunWriter w) => w.AddUnknownAttributes([0x0030, 0x0031, 0x0040]), StunClass.ErrorResponse);
        Assert.True(StunMessage.TryParse(bytes, out var message, out _));
        Span<ushort> types = stackalloc ushort[4];
        Assert.Equal(3, message.GetUnknownAttributes(types));
        Assert.Equal(new ushort[] { 0x0030, 0x0031, 0x0040 }, types.Slice(0, 3).ToArray());
    }

    [Fact]
    public void VerifyMessageIntegritySha256_WithSha1AndSha256_BothVerify()
    {
        using var key = new StunIntegrityKey("secret"u8);
        var buffer = new byte[160];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AddUsername("u:v");
        writer.AddMessageIntegrity(key);
        writer.AddMessageIntegritySha256(key);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var message, out _));
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.True(message.VerifyMessageIntegritySha256(key));
        Assert.True(message.VerifyFingerprint());

        using var other = new StunIntegrityKey("secreT"u8);
        Assert.False(message.VerifyMessageIntegritySha256(other));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(700)]
    public void VerifyMessageIntegrity_FingerprintAfterIt_VerifiesAtAnySize(int softwareLength)
    {
        // Verification adjusts the length field (MI is not last): on a stack copy for small
        // messages, in two parts for large ones.
        using var key = new StunIntegrityKey("pw"u8);
        var buffer = new byte[1024];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AddSoftware(new string('s', softwareLength));
        writer.AddMessageIntegrity(key);
        writer.AddMessageIntegritySha256(key);
        writer.AddFingerprint();
        var bytes = writer.Written.ToArray();

        Assert.True(StunMessage.TryParse(bytes, out var message, out _));
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.True(message.VerifyMessageIntegritySha256(key));

        bytes[30] ^= 1;
        Assert.True(StunMessage.TryParse(bytes, out message, out _));
        Assert.False(message.VerifyMessageIntegrity(key));
        Assert.False(message.VerifyMessageIntegritySha256(key));
    }

    [Fact]
    public void VerifyMessageIntegrity_Absent_IsFalse()
    {
        using var key = new StunIntegrityKey([1]);
        Assert.True(StunMessage.TryParse(Build((ref StunWriter w) => w.AddPriority(1)), out var message, out _));
        Assert.False(message.VerifyMessageIntegrity(key));
        Assert.False(message.VerifyFingerprint());
    }

    [Fact]
    public void IsStunMessage_AgreesWithHeaderChecks()
    {
        var bytes = Build((ref StunWriter w) => w.AddPriority(1));
        Assert.True(StunMessage.IsStunMessage(bytes));
        bytes[5] ^= 0xFF;
        Assert.False(StunMessage.IsStunMessage(bytes));
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            if (StunMessage.TryParse(bytes, out var message, out _))
            {
                foreach (var attribute in message.Attributes)
                {
                    _ = attribute.Value.Length;
                }

                _ = message.TryGetXorMappedAddress(out _);
                _ = message.TryGetErrorCode(out _, out _);
                _ = message.VerifyFingerprint();
            }
        }, iter: 5000);
    }

    [Fact]
    public void TryParse_RandomAttributesAfterValidHeader_NeverThrows()
    {
        // Random attribute bodies behind a header whose length field matches, so the attribute walk runs.
        Gen.Byte.Array[0, 25].Sample(body =>
        {
            var length = body.Length & ~3;
            var bytes = new byte[StunMessage.HeaderLength + length];
            BinaryPrimitives.WriteUInt16BigEndian(bytes, 0x0001);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)length);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), StunMessage.MagicCookie);
            body.AsSpan(0, length).CopyTo(bytes.AsSpan(StunMessage.HeaderLength));
            if (StunMessage.TryParse(bytes, out var message, out _))
            {
                var count = 0;
                foreach (var attribute in message.Attributes)
                {
                    count++;
                }

                Assert.True(count <= length / 4);
                _ = message.TryGetMappedAddress(out _);
            }
        }, iter: 5000);
    }

    [Fact]
    public void Writer_RandomAttributes_RoundTripThroughParser()
    {
        var gen = Gen.Select(Gen.UInt, Gen.ULong, Gen.String[Gen.Char.AlphaNumeric, 1, 40], Gen.UShort, Gen.Bool);
        gen.Sample((priority, tieBreaker, username, port, ipv6) =>
        {
            var address = ipv6 ? IPAddress.Parse("2001:db8::7") : IPAddress.Parse("198.51.100.9");
            var endPoint = new IPEndPoint(address, port);
            using var key = new StunIntegrityKey("k"u8);
            var buffer = new byte[256];
            var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
            writer.AddUsername(username);
            writer.AddPriority(priority);
            writer.AddIceControlling(tieBreaker);
            writer.AddUseCandidate();
            writer.AddXorMappedAddress(endPoint);
            writer.AddMappedAddress(endPoint);
            writer.AddMessageIntegrity(key);
            writer.AddFingerprint();

            Assert.False(writer.Overflowed);
            Assert.True(StunMessage.TryParse(writer.Written, out var message, out var error), error.ToString());
            Assert.True(message.TryGetUsername(out var user));
            Assert.Equal(username, System.Text.Encoding.UTF8.GetString(user));
            Assert.True(message.TryGetPriority(out var p));
            Assert.Equal(priority, p);
            Assert.True(message.TryGetIceControlling(out var t));
            Assert.Equal(tieBreaker, t);
            Assert.True(message.HasUseCandidate);
            Assert.True(message.TryGetXorMappedAddress(out var xor));
            Assert.Equal(endPoint, xor);
            Assert.True(message.TryGetMappedAddress(out var plain));
            Assert.Equal(endPoint, plain);
            Assert.True(message.VerifyMessageIntegrity(key));
            Assert.True(message.VerifyFingerprint());
        });
    }

    private static byte[] Build(StunWriterAction write, StunClass messageClass = StunClass.Request)
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, messageClass, StunMethod.Binding, TransactionId);
        write(ref writer);
        Assert.False(writer.Overflowed);
        return writer.Written.ToArray();
    }

    private delegate void StunWriterAction(ref StunWriter writer);
}
