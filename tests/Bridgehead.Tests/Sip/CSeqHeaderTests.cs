using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class CSeqHeaderTests
{
    [Theory]
    [InlineData("1 INVITE", 1u, SipMethod.Invite, "INVITE")]
    [InlineData("0009\r\n  INVITE", 9u, SipMethod.Invite, "INVITE")]
    [InlineData("2147483647 BYE", 2147483647u, SipMethod.Bye, "BYE")]
    [InlineData("0 ACK", 0u, SipMethod.Ack, "ACK")]
    [InlineData("29344 RE%47IST%45R", 29344u, SipMethod.Unknown, "RE%47IST%45R")]
    [InlineData("7 invite", 7u, SipMethod.Unknown, "invite")]
    public void TryParse_Valid_ReadsNumberAndMethod(string text, uint number, SipMethod method, string token)
    {
        Assert.True(CSeqHeader.TryParse(Bytes(text), out var cseq));

        Assert.Equal(number, cseq.Number);
        Assert.Equal(method, cseq.Method);
        Assert.Equal(token, Text(cseq.MethodToken));
    }

    [Theory]
    [InlineData("")]
    [InlineData("INVITE")]
    [InlineData("1")]
    [InlineData("1 ")]
    [InlineData("1INVITE")]
    [InlineData("-1 INVITE")]
    [InlineData("2147483648 INVITE")]
    [InlineData("4294967296 INVITE")]
    [InlineData("36893488147419103232 REGISTER")]
    [InlineData("1 INVITE BYE")]
    [InlineData("1 INV\"ITE")]
    [InlineData("1.5 INVITE")]
    public void TryParse_Malformed_Fails(string text) =>
        Assert.False(CSeqHeader.TryParse(Bytes(text), out _));
}
