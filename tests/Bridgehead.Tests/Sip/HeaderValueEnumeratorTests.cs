using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class HeaderValueEnumeratorTests
{
    private static List<string> ValuesOf(string headerLines, HeaderId id)
    {
        var m = Parse("OPTIONS sip:a@b SIP/2.0\r\n" + headerLines + "\r\n");
        var values = new List<string>();
        foreach (var v in m.Values(id))
        {
            Assert.Equal(Text(m.Buffer.Span.Slice(v.Start, v.Length)), Text(v.Span));
            Assert.Equal(v.Start + v.Length, v.End);
            values.Add(Text(v.Span));
        }

        return values;
    }

    [Fact]
    public void MoveNext_CommaList_SplitsAndTrims()
    {
        Assert.Equal(["INVITE", "ACK", "BYE"], ValuesOf("Allow: INVITE ,ACK,  BYE\r\n", HeaderId.Allow));
    }

    [Fact]
    public void MoveNext_CommaInsideQuotes_DoesNotSplit()
    {
        Assert.Equal(["\"Doe, John\" <sip:j@d>", "<sip:k@e>"], ValuesOf("Contact: \"Doe, John\" <sip:j@d>, <sip:k@e>\r\n", HeaderId.Contact));
    }

    [Fact]
    public void MoveNext_EscapedQuoteInsideQuotes_DoesNotEndTheString()
    {
        Assert.Equal(["\"a\\\",b\" <sip:j@d>", "<sip:k@e>"], ValuesOf("Contact: \"a\\\",b\" <sip:j@d>, <sip:k@e>\r\n", HeaderId.Contact));
    }

    [Fact]
    public void MoveNext_CommaInsideAngleBrackets_DoesNotSplit()
    {
        Assert.Equal(["<sip:a,b@c;x=1>;q=0.5", "<sip:d@e>"], ValuesOf("m: <sip:a,b@c;x=1>;q=0.5 , <sip:d@e>\r\n", HeaderId.Contact));
    }

    [Fact]
    public void MoveNext_FoldedList_SplitsAcrossContinuationLines()
    {
        Assert.Equal(["application/sdp", "message/sip", "text/plain"], ValuesOf("Accept: application/sdp,\r\n   message/sip,\r\n\ttext/plain\r\n", HeaderId.Accept));
    }

    [Fact]
    public void MoveNext_EmptyValues_AreYielded()
    {
        Assert.Equal(["a", string.Empty, "b", string.Empty], ValuesOf("Supported: a,,b,\r\n", HeaderId.Supported));
    }

    [Fact]
    public void MoveNext_EmptyHeader_YieldsOneEmptyValue()
    {
        Assert.Equal([string.Empty], ValuesOf("Supported:\r\n", HeaderId.Supported));
    }

    [Fact]
    public void MoveNext_SeveralLines_KeepsHeaderIndex()
    {
        var m = Parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP a, SIP/2.0/UDP b\r\nCall-ID: x\r\nv: SIP/2.0/TCP c\r\n\r\n");
        var indexes = new List<int>();
        foreach (var v in m.Values(HeaderId.Via))
        {
            indexes.Add(v.HeaderIndex);
        }

        Assert.Equal([0, 0, 2], indexes);
    }

    [Fact]
    public void MoveNext_NoSuchHeader_YieldsNothing()
    {
        Assert.Empty(ValuesOf("Call-ID: x\r\n", HeaderId.Route));
    }

    [Fact]
    public void MoveNext_UnterminatedQuoteOrBracket_RunsToTheEnd()
    {
        Assert.Equal(["\"open, still open"], ValuesOf("Contact: \"open, still open\r\n", HeaderId.Contact));
        Assert.Equal(["<sip:a, b"], ValuesOf("Contact: <sip:a, b\r\n", HeaderId.Contact));
    }

    [Theory]
    [InlineData("a,b", 0, 1)]
    [InlineData("\"a,b\",c", 0, 5)]
    [InlineData("<a,b>,c", 0, 5)]
    [InlineData("abc", 0, 3)]
    [InlineData("a,b,c", 2, 3)]
    public void FindValueEnd_Text_FindsTheSeparatingComma(string text, int start, int expected) =>
        Assert.Equal(expected, HeaderValueEnumerator.FindValueEnd(Bytes(text), start, text.Length));
}
