using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class UriEscapingTests
{
    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("%41")]
    [InlineData("a%2fb%2F")]
    [InlineData("%00")]
    [InlineData("x%25%34%31")]
    public void IsWellFormed_ValidEscapes_IsTrue(string text) =>
        Assert.True(UriEscaping.IsWellFormed(Bytes(text)));

    [Theory]
    [InlineData("%")]
    [InlineData("%4")]
    [InlineData("a%4")]
    [InlineData("%4g")]
    [InlineData("%Z%45")]
    [InlineData("%41%")]
    public void IsWellFormed_BrokenEscapes_IsFalse(string text) =>
        Assert.False(UriEscaping.IsWellFormed(Bytes(text)));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("%75se%72", "user")]
    [InlineData("sips%3Auser%40example.com", "sips:user@example.com")]
    [InlineData("I%20have%20spaces", "I have spaces")]
    [InlineData("v%61lue%25%34%31", "value%41")]
    [InlineData("bad%zzescape", "bad%zzescape")]
    [InlineData("tail%4", "tail%4")]
    [InlineData("null-%00-null", "null-\0-null")]
    public void Unescape_Text_ResolvesValidEscapesOnly(string text, string expected) =>
        Assert.Equal(expected, UriEscaping.Unescape(Bytes(text)));

    [Fact]
    public void Unescape_LongText_IsDecoded()
    {
        var text = string.Concat(Enumerable.Repeat("%41b", 200));

        Assert.Equal(string.Concat(Enumerable.Repeat("Ab", 200)), UriEscaping.Unescape(Bytes(text)));
    }
}
