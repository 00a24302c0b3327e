using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class SipTextTests
{
    [Theory]
    [InlineData("  \t\r\n a b \r\n ", "a b")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("x", "x")]
    public void TrimLws_Text_TrimsBothEnds(string text, string expected)
    {
        Assert.Equal(expected, Text(SipText.TrimLws(Bytes(text))));
        var (start, length) = SipText.TrimLwsRange(Bytes(text));
        Assert.Equal(expected, text.Substring(start, length));
    }

    [Theory]
    [InlineData("INVITE", true)]
    [InlineData("!interesting-Method0123456789_*+`.%indeed'~", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a:b", false)]
    [InlineData("a\"b", false)]
    public void IsToken_Text_FollowsTheGrammar(string text, bool expected) =>
        Assert.Equal(expected, SipText.IsToken(Bytes(text)));

    [Theory]
    [InlineData("0", 0u)]
    [InlineData("4294967295", 4294967295u)]
    [InlineData("000000000000000000000000000012", 12u)]
    public void TryParseUInt32_Digits_Parses(string text, uint expected)
    {
        Assert.True(SipText.TryParseUInt32(Bytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4294967296")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1a")]
    public void TryParseUInt32_NotDigitsOrTooLarge_Fails(string text) =>
        Assert.False(SipText.TryParseUInt32(Bytes(text), out _));

    [Fact]
    public void TryParseUInt32_MoreThan32Digits_Fails()
    {
        Assert.True(SipText.TryParseUInt32(Bytes(new string('0', 31) + "1"), out var value));
        Assert.Equal(1u, value);
        Assert.False(SipText.TryParseUInt32(Bytes(new string('0', 32) + "1"), out _));
    }

    [Theory]
    [InlineData("2147483647", true, 2147483647)]
    [InlineData("2147483648", false, 0)]
    public void TryParseInt32_Boundary_IsChecked(string text, bool ok, int expected)
    {
        Assert.Equal(ok, SipText.TryParseInt32(Bytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void WriteDecimal_Value_WritesDigits()
    {
        var buffer = new byte[20];

        Assert.Equal(19, SipText.WriteDecimal(buffer, long.MaxValue));
        Assert.Equal("9223372036854775807", Text(buffer.AsSpan(0, 19)));
        Assert.Throws<ArgumentException>(() => SipText.WriteDecimal(new byte[2], 123));
    }
}
