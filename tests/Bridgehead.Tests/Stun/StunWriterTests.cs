using System.Net;
using Bridgehead.Stun;

namespace Bridgehead.Tests.Stun;

public sealed class StunWriterTests
{
    private static readonly byte[] TransactionId = new byte[12];

    [Fact]
    public void AddText_OddLength_PadsToFourWithPaddingByte()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId, paddingByte: 0xEE);
        writer.AddUsername("abcde");

        Assert.Equal(20 + 4 + 8, writer.Length);
        Assert.Equal(new byte[] { 0x00, 0x06, 0x00, 0x05, (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', 0xEE, 0xEE, 0xEE }, buffer[20..32]);
        Assert.Equal(new byte[] { 0x00, 0x0C }, buffer[2..4]);
    }

    [Fact]
    public void AddAttribute_DoesNotFit_OverflowsAndLaterCallsDoNothing()
    {
        var buffer = new byte[30];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AddPriority(1);
        Assert.False(writer.Overflowed);
        writer.AddIceControlling(2);
        Assert.True(writer.Overflowed);
        writer.AddFingerprint();
        Assert.Equal(28, writer.Length);
    }

    [Fact]
    public void Constructor_BufferSmallerThanHeader_StartsOverflowed()
    {
        var writer = new StunWriter(new byte[10], StunClass.Request, StunMethod.Binding, TransactionId);
        writer.AddPriority(1);
        Assert.True(writer.Overflowed);
        Assert.Equal(0, writer.Length);
    }

    [Fact]
    public void AddErrorCode_OutOfRange_Overflows()
    {
        var writer = new StunWriter(new byte[64], StunClass.ErrorResponse, StunMethod.Binding, TransactionId);
        writer.AddErrorCode(200, "OK");
        Assert.True(writer.Overflowed);
    }

    [Fact]
    public void AddErrorCode_401_EncodesClassAndNumber()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunClass.ErrorResponse, StunMethod.Binding, TransactionId);
        writer.AddErrorCode(401, "Unauthorized");
        Assert.Equal(new byte[] { 0x00, 0x09, 0x00, 0x10, 0, 0, 4, 1 }, buffer[20..28]);
    }

    [Fact]
    public void AddXorMappedAddress_IPv4MappedIPv6Source_IsWrittenAsIPv4()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, TransactionId);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.1"), 32853));

        Assert.True(StunMessage.TryParse(writer.Written, out var message, out _));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
    }

    [Theory]
    [InlineData(StunClass.Request, 0x0001)]
    [InlineData(StunClass.Indication, 0x0011)]
    [InlineData(StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunClass.ErrorResponse, 0x0111)]
    public void MessageType_Binding_EncodesAsRfc8489Figure3(StunClass messageClass, int expected)
    {
        var type = StunMessageType.Encode(messageClass, StunMethod.Binding);
        Assert.Equal(expected, type);
        Assert.Equal(messageClass, StunMessageType.GetClass(type));
        Assert.Equal(StunMethod.Binding, StunMessageType.GetMethod(type));
    }

    [Fact]
    public void MessageType_EveryMethodAndClass_RoundTrips()
    {
        for (var method = 0; method < 0x1000; method++)
        {
            for (var c = 0; c < 4; c++)
            {
                var type = StunMessageType.Encode((StunClass)c, (StunMethod)method);
                Assert.True(type < 0x4000);
                Assert.Equal((StunClass)c, StunMessageType.GetClass(type));
                Assert.Equal((StunMethod)method, StunMessageType.GetMethod(type));
            }
        }
    }
}
