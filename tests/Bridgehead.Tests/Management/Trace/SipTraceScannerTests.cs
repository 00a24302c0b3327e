using System.Text;
using Bridgehead.Management.Trace;

namespace Bridgehead.Tests.Management.Trace;

public sealed class SipTraceScannerTests
{
    [Theory]
    [InlineData("INVITE sip:9196@a SIP/2.0\r\nVia: x\r\nCall-ID: abc@host\r\n\r\n", "abc@host")]
    [InlineData("SIP/2.0 200 OK\r\ncall-id:   spaced@host  \r\n\r\n", "spaced@host")]
    [InlineData("BYE sip:a SIP/2.0\r\ni: compact@host\r\n\r\n", "compact@host")]
    [InlineData("BYE sip:a SIP/2.0\r\nCall-ID : before-colon\r\n\r\n", "before-colon")]
    public void TryFindCallId_HeaderPresent_FindsItsValue(string text, string expected)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.True(SipTraceScanner.TryFindCallId(bytes, out var start, out var length));
        Assert.Equal(expected, Encoding.ASCII.GetString(bytes, start, length));
    }

    [Theory]
    [InlineData("OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\nCall-ID: in-the-body\r\n")]
    [InlineData("OPTIONS sip:a SIP/2.0\r\nCall-ID:   \r\n\r\n")]
    [InlineData("no line end at all")]
    [InlineData("OPTIONS sip:a SIP/2.0\r\nX-Call-ID: not-it\r\nid: not-it-either\r\n\r\n")]
    public void TryFindCallId_NoneInTheHead_IsFalse(string text) =>
        Assert.False(SipTraceScanner.TryFindCallId(Encoding.ASCII.GetBytes(text), out _, out _));

    [Fact]
    public void FirstLine_IsTheStartLineWithoutCrlf() =>
        Assert.Equal("SIP/2.0 180 Ringing", Encoding.ASCII.GetString(SipTraceScanner.FirstLine("SIP/2.0 180 Ringing\r\nVia: x\r\n\r\n"u8)));
}
