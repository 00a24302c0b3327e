using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class SipParametersTests
{
    [Theory]
    [InlineData("")]
    [InlineData(";lr")]
    [InlineData(";tag=abc;q=0.5")]
    [InlineData(" ; tag = abc ;\r\n expires=60 ")]
    [InlineData(";received=[2001:db8::9:255]")]
    [InlineData(";received=2001:db8::9:255")]
    [InlineData(";x=\"quoted; with, separators\"")]
    [InlineData(";x=\"escaped \\\" quote\"")]
    public void IsValid_WellFormed_IsTrue(string text) =>
        Assert.True(SipParameters.IsValid(Bytes(text)));

    [Theory]
    [InlineData(";")]
    [InlineData(";=v")]
    [InlineData(";a=")]
    [InlineData(";a=\"open")]
    [InlineData("a=b")]
    [InlineData(";a=b c")]
    [InlineData(";a b")]
    [InlineData(";a=<b>")]
    public void IsValid_Malformed_IsFalse(string text) =>
        Assert.False(SipParameters.IsValid(Bytes(text)));

    [Fact]
    public void TryGet_NameInAnyCase_FindsValueWithQuotesKept()
    {
        var text = Bytes(";Tag=abc; q = 0.5 ;flag;x=\"a b\"");

        Assert.True(SipParameters.TryGet(text, "tag"u8, out Range tag));
        Assert.Equal("abc", Text(text.AsSpan()[tag]));
        Assert.True(SipParameters.TryGet(text, "Q"u8, out Range q));
        Assert.Equal("0.5", Text(text.AsSpan()[q]));
        Assert.True(SipParameters.TryGet(text, "flag"u8, out Range flag));
        Assert.Equal(0, text.AsSpan()[flag].Length);
        Assert.True(SipParameters.TryGet(text, "x"u8, out Range x));
        Assert.Equal("\"a b\"", Text(text.AsSpan()[x]));
        Assert.Equal("a b", Text(SipParameters.Unquote(text.AsSpan()[x])));
        Assert.False(SipParameters.TryGet(text, "ta"u8, out Range _));
    }

    [Fact]
    public void TryGet_Memory_ReturnsSliceOfTheSameBuffer()
    {
        ReadOnlyMemory<byte> text = Bytes(";a=1;b=22");

        Assert.True(SipParameters.TryGet(text, "b"u8, out ReadOnlyMemory<byte> value));
        Assert.Equal("22", Text(value));
        Assert.False(SipParameters.TryGet(text, "c"u8, out ReadOnlyMemory<byte> missing));
        Assert.True(missing.IsEmpty);
    }

    [Fact]
    public void TryGet_AfterMalformedParameter_StopsThere()
    {
        Assert.False(SipParameters.TryGet(Bytes(";a=;b=1"), "b"u8, out Range _));
    }

    [Theory]
    [InlineData("\"abc\"", "abc")]
    [InlineData("abc", "abc")]
    [InlineData("\"", "\"")]
    [InlineData("\"\"", "")]
    public void Unquote_Value_RemovesOnlySurroundingQuotes(string text, string expected) =>
        Assert.Equal(expected, Text(SipParameters.Unquote(Bytes(text))));
}
