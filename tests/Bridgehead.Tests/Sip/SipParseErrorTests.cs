using Bridgehead.Sip;

namespace Bridgehead.Tests.Sip;

public sealed class SipParseErrorTests
{
    [Theory]
    [InlineData(SipParseError.UnsupportedVersion, 505)]
    [InlineData(SipParseError.MessageTooLarge, 513)]
    [InlineData(SipParseError.BadVia, 400)]
    [InlineData(SipParseError.CSeqMethodMismatch, 400)]
    public void StatusCode_Error_IsTheAnswerToSend(SipParseError error, int expected) =>
        Assert.Equal(expected, error.StatusCode());

    [Fact]
    public void ReasonPhrase_EveryError_IsDistinctAndPrintable()
    {
        var phrases = Enum.GetValues<SipParseError>().Select(e => e.ReasonPhrase()).ToList();

        Assert.Equal(phrases.Count, phrases.Distinct(StringComparer.Ordinal).Count());
        Assert.All(phrases, p => Assert.True(p.Length > 0 && p.All(c => c >= ' ' && c < 127)));
    }
}
