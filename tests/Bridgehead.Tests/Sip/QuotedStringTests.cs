using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class QuotedStringTests
{
    [Theory]
    [InlineData("\"abc\"", 0, 5)]
    [InlineData("x\"abc\"y", 1, 6)]
    [InlineData("\"a\\\"b\"", 0, 6)]
    [InlineData("\"a\\\\\"", 0, 5)]
    [InlineData("\"\"", 0, 2)]
    public void FindEnd_Terminated_ReturnsOffsetPastClosingQuote(string text, int open, int expected) =>
        Assert.Equal(expected, QuotedString.FindEnd(Bytes(text), open));

    [Theory]
    [InlineData("\"abc")]
    [InlineData("\"abc\\\"")]
    [InlineData("\"abc\\")]
    [InlineData("\"")]
    public void FindEnd_Unterminated_IsMinusOne(string text) =>
        Assert.Equal(-1, QuotedString.FindEnd(Bytes(text), 0));

    [Fact]
    public void FindEnd_BackslashBeforeLineEnd_IsMinusOne()
    {
        Assert.Equal(-1, QuotedString.FindEnd(Bytes("\"a\\\r\n b\""), 0));
        Assert.Equal(-1, QuotedString.FindEnd(Bytes("\"a\\\n b\""), 0));
    }

    [Fact]
    public void FindEnd_EscapedControlOctets_AreAccepted()
    {
        // RFC 4475 intmeth: quoted-pair may escape BEL, NUL and DEL.
        byte[] text = [(byte)'"', (byte)'\\', 0x07, (byte)'\\', 0x00, (byte)'\\', 0x7F, (byte)'"'];

        Assert.Equal(8, QuotedString.FindEnd(text, 0));
    }

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"J Rosenberg \\\\\\\"\"", "J Rosenberg \\\"")]
    [InlineData("\"Quoted string \\\"\\\"\"", "Quoted string \"\"")]
    [InlineData("unquoted", "unquoted")]
    [InlineData("\"\"", "")]
    public void Decode_QuotedString_ResolvesQuotedPairs(string text, string expected) =>
        Assert.Equal(expected, QuotedString.Decode(Bytes(text)));
}
