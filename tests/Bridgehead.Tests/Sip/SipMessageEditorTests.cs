using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class SipMessageEditorTests
{
    private static string Edit(string text, Action<SipMessageEditor, SipMessage> edit)
    {
        var m = Parse(text);
        using var editor = new SipMessageEditor(m);
        edit(editor, m);
        var output = editor.ToArray();
        Assert.Equal(output.Length, editor.Length);
        var span = new byte[output.Length + 10];
        Assert.Equal(output.Length, editor.WriteTo(span));
        Assert.Equal(output, span.AsSpan(0, output.Length).ToArray());
        return Text(output);
    }

    private static HeaderValue ValueAt(SipMessage m, HeaderId id, int index)
    {
        var i = 0;
        foreach (var v in m.Values(id))
        {
            if (i++ == index)
            {
                return v;
            }
        }

        throw new InvalidOperationException("no such value");
    }

    [Fact]
    public void ToArray_NoEdits_IsByteExact()
    {
        Assert.Equal(Invite, Edit(Invite, (_, _) => { }));
    }

    [Fact]
    public void Message_IsTheEditedMessage()
    {
        var m = Parse(Invite);
        using var editor = new SipMessageEditor(m);

        Assert.Same(m, editor.Message);
    }

    [Fact]
    public void AddHeaderFirst_SeveralCalls_KeepCallOrder()
    {
        var result = Edit("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n", (e, _) =>
        {
            e.AddHeaderFirst(HeaderId.Via, "SIP/2.0/UDP p1;branch=z9hG4bK1"u8);
            e.AddHeaderFirst(HeaderId.RecordRoute, "<sip:p1;lr>"u8);
        });

        Assert.Equal("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP p1;branch=z9hG4bK1\r\nRecord-Route: <sip:p1;lr>\r\nCall-ID: x\r\n\r\n", result);
    }

    [Fact]
    public void AddHeaderLast_Header_GoesBeforeTheEmptyLine()
    {
        var result = Edit("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nbody", (e, _) => e.AddHeaderLast(HeaderId.Supported, "path"u8));

        Assert.Equal("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nSupported: path\r\n\r\nbody", result);
    }

    [Fact]
    public void InsertReplaceDelete_AtTheSameOffset_InsertionsFirstInCallOrderThenTheReplacement()
    {
        var result = Edit("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nSubject: old\r\n\r\n", (e, m) =>
        {
            var subject = m.Headers[1];
            e.Replace(subject.LineStart, subject.LineLength, "Subject: new\r\n"u8);
            e.Insert(subject.LineStart, "A: 1\r\n"u8);
            e.Insert(subject.LineStart, "B: 2\r\n"u8);
        });

        Assert.Equal("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nA: 1\r\nB: 2\r\nSubject: new\r\n\r\n", result);
    }

    [Fact]
    public void Delete_AndInsertAtTheSameOffset_InsertsThenDeletes()
    {
        var result = Edit("OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:p1;lr>\r\nCall-ID: x\r\n\r\n", (e, m) =>
        {
            e.RemoveHeader(0);
            e.AddHeaderFirst(HeaderId.Via, "SIP/2.0/UDP p1"u8);
        });

        Assert.Equal("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP p1\r\nCall-ID: x\r\n\r\n", result);
    }

    [Fact]
    public void WriteTo_OverlappingEdits_Throws()
    {
        var m = Parse(Invite);
        using var editor = new SipMessageEditor(m);
        editor.Delete(10, 10);
        editor.Delete(15, 10);

        Assert.Throws<InvalidOperationException>(() => editor.ToArray());
    }

    [Fact]
    public void ReplaceHeaderValue_MaxForwards_KeepsNameAndLineEnd()
    {
        var result = Edit("OPTIONS sip:a@b SIP/2.0\r\nMax-Forwards:  70 \r\nCall-ID: x\r\n\r\n", (e, m) => e.ReplaceHeaderValue(0, "69"u8));

        Assert.Equal("OPTIONS sip:a@b SIP/2.0\r\nMax-Forwards:  69 \r\nCall-ID: x\r\n\r\n", result);
    }

    [Fact]
    public void RemoveHeader_FoldedLine_RemovesContinuationLinesToo()
    {
        var result = Edit("OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:p1;lr>,\r\n <sip:p2;lr>\r\nCall-ID: x\r\n\r\n", (e, _) => e.RemoveHeader(0));

        Assert.Equal("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n", result);
    }

    [Theory]
    [InlineData(0, "Route: <sip:p2;lr>, <sip:p3;lr>\r\n")]
    [InlineData(1, "Route: <sip:p1;lr>, <sip:p3;lr>\r\n")]
    [InlineData(2, "Route: <sip:p1;lr>, <sip:p2;lr>\r\n")]
    public void RemoveValue_OneOfThree_LeavesAWellFormedList(int index, string expectedLine)
    {
        const string text = "OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:p1;lr>, <sip:p2;lr>, <sip:p3;lr>\r\nCall-ID: x\r\n\r\n";
        var result = Edit(text, (e, m) => e.RemoveValue(ValueAt(m, HeaderId.Route, index)));

        Assert.Equal("OPTIONS sip:a@b SIP/2.0\r\n" + expectedLine + "Call-ID: x\r\n\r\n", result);
        Assert.Equal(SipParseError.None, SipMessage.Parse(Bytes(result)).Error);
    }

    [Fact]
    public void RemoveValue_OnlyValue_RemovesTheWholeLine()
    {
        var result = Edit("OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:p1;lr>\r\nRoute: <sip:p2;lr>\r\nCall-ID: x\r\n\r\n", (e, m) => e.RemoveValue(ValueAt(m, HeaderId.Route, 0)));

        Assert.Equal("OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:p2;lr>\r\nCall-ID: x\r\n\r\n", result);
    }

    [Theory]
    [InlineData(new[] { 0, 1 }, "Route: <sip:p3;lr>\r\n")]
    [InlineData(new[] { 1, 2 }, "Route: <sip:p1;lr>\r\n")]
    [InlineData(new[] { 2, 1 }, "Route: <sip:p1;lr>\r\n")]
    [InlineData(new[] { 0, 2 }, "Route: <sip:p2;lr>\r\n")]
    [InlineData(new[] { 1, 1 }, "Route: <sip:p1;lr>, <sip:p3;lr>\r\n")]
    [InlineData(new[] { 0, 1, 2 }, "")]
    [InlineData(new[] { 2, 0, 1 }, "")]
    public void RemoveValue_SeveralOfThree_LeavesTheOthersWellFormed(int[] indexes, string expectedLine)
    {
        // A WebSocket/UDP edge that double record-routes (RFC 5658) pops two of its own Route values.
        const string text = "BYE sip:a@b SIP/2.0\r\nRoute: <sip:p1;lr>, <sip:p2;lr>, <sip:p3;lr>\r\nCall-ID: x\r\n\r\n";
        var result = Edit(text, (e, m) =>
        {
            foreach (var i in indexes)
            {
                e.RemoveValue(ValueAt(m, HeaderId.Route, i));
            }
        });

        Assert.Equal("BYE sip:a@b SIP/2.0\r\n" + expectedLine + "Call-ID: x\r\n\r\n", result);
    }

    [Fact]
    public void RemoveValue_BothOfTwo_RemovesTheLine()
    {
        var result = Edit("BYE sip:a@b SIP/2.0\r\nRoute: <sip:edge;transport=udp;lr>,<sip:edge;transport=ws;lr>\r\nRoute: <sip:next;lr>\r\n\r\n", (e, m) =>
        {
            e.RemoveValue(ValueAt(m, HeaderId.Route, 0));
            e.RemoveValue(ValueAt(m, HeaderId.Route, 1));
        });

        Assert.Equal("BYE sip:a@b SIP/2.0\r\nRoute: <sip:next;lr>\r\n\r\n", result);
    }

    [Fact]
    public void RemoveValue_WithOtherEditsAround_KeepsThemAll()
    {
        var result = Edit("BYE sip:a@b SIP/2.0\r\nMax-Forwards: 70\r\nRoute: <sip:p1;lr>, <sip:p2;lr>, <sip:p3;lr>\r\nCall-ID: x\r\n\r\n", (e, m) =>
        {
            e.RemoveValue(ValueAt(m, HeaderId.Route, 2));
            e.AddHeaderFirst(HeaderId.Via, "SIP/2.0/UDP e"u8);
            e.ReplaceHeaderValue(0, "69"u8);
            e.RemoveValue(ValueAt(m, HeaderId.Route, 1));
        });

        Assert.Equal("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP e\r\nMax-Forwards: 69\r\nRoute: <sip:p1;lr>\r\nCall-ID: x\r\n\r\n", result);
    }

    [Fact]
    public void RemoveValue_ListWithQuotedCommas_RemovesTheRightValue()
    {
        var result = Edit("OPTIONS sip:a@b SIP/2.0\r\nContact: \"a, b\" <sip:a@b>,\"c,d\" <sip:c@d>\r\nCall-ID: x\r\n\r\n", (e, m) => e.RemoveValue(ValueAt(m, HeaderId.Contact, 1)));

        Assert.Equal("OPTIONS sip:a@b SIP/2.0\r\nContact: \"a, b\" <sip:a@b>\r\nCall-ID: x\r\n\r\n", result);
    }

    [Fact]
    public void RemoveValue_FirstOfFoldedList_RemovesItsCommaAndFolding()
    {
        var result = Edit("OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:p1;lr>,\r\n <sip:p2;lr>\r\nCall-ID: x\r\n\r\n", (e, m) => e.RemoveValue(ValueAt(m, HeaderId.Route, 0)));

        Assert.Equal("OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:p2;lr>\r\nCall-ID: x\r\n\r\n", result);
    }

    [Fact]
    public void SetRequestUri_NewUri_ReplacesOnlyTheUri()
    {
        var result = Edit(Invite, (e, _) => e.SetRequestUri("sip:bob@192.0.2.44:5080;transport=tcp"u8));

        Assert.Equal(Invite.Replace("INVITE sip:bob@biloxi.example.com SIP/2.0", "INVITE sip:bob@192.0.2.44:5080;transport=tcp SIP/2.0", StringComparison.Ordinal), result);
        Assert.Equal("sip:bob@192.0.2.44:5080;transport=tcp", Text(Valid(result).RequestUri));
    }

    [Fact]
    public void ReplaceBody_WithContentLength_UpdatesIt()
    {
        var result = Edit(Invite, (e, _) => e.ReplaceBody("v=0\r\no=- 1 1 IN IP4 203.0.113.1\r\n"u8));

        var m = Valid(result);
        Assert.Equal("v=0\r\no=- 1 1 IN IP4 203.0.113.1\r\n", Text(m.Body));
        Assert.Equal(m.BodyLength, m.ContentLength);
        Assert.Single(m.Headers.ToArray(), h => h.Id == HeaderId.ContentLength);
    }

    [Fact]
    public void ReplaceBody_WithoutContentLength_AddsIt()
    {
        var result = Edit("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nold body", (e, _) => e.ReplaceBody("new"u8));

        Assert.Equal("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: 3\r\n\r\nnew", result);
    }

    [Fact]
    public void ReplaceBody_CompactContentLength_IsRewritten()
    {
        var result = Edit("MESSAGE sip:a@b SIP/2.0\r\nl: 3\r\n\r\nold", (e, _) => e.ReplaceBody("longer"u8));

        Assert.Equal("MESSAGE sip:a@b SIP/2.0\r\nl: 6\r\n\r\nlonger", result);
    }

    [Fact]
    public void EnsureContentLength_Missing_AddsTheBodyLength()
    {
        var result = Edit("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nhello", (e, _) => e.EnsureContentLength());

        Assert.Equal("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: 5\r\n\r\nhello", result);
    }

    [Fact]
    public void EnsureContentLength_Present_ChangesNothing()
    {
        Assert.Equal(Invite, Edit(Invite, (e, _) => e.EnsureContentLength()));
    }

    [Fact]
    public void EnsureContentLength_CalledTwice_AddsOneHeader()
    {
        var result = Edit("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nhello", (e, _) =>
        {
            e.EnsureContentLength();
            e.EnsureContentLength();
        });

        Assert.Equal("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: 5\r\n\r\nhello", result);
    }

    [Fact]
    public void EnsureContentLength_AfterReplaceBody_AddsNoSecondHeader()
    {
        var result = Edit("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nhello", (e, _) =>
        {
            e.ReplaceBody("bye"u8);
            e.EnsureContentLength();
        });

        Assert.Equal("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: 3\r\n\r\nbye", result);
    }

    [Fact]
    public void ReplaceBody_AfterEnsureContentLength_RewritesTheAddedHeader()
    {
        var result = Edit("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nhello", (e, _) =>
        {
            e.EnsureContentLength();
            e.ReplaceBody("a longer body"u8);
        });

        Assert.Equal("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\nContent-Length: 13\r\n\r\na longer body", result);
    }

    [Fact]
    public void BeginInsert_WriterContent_IsInsertedAtTheOffset()
    {
        var result = Edit("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n", (e, m) =>
        {
            var writer = e.BeginInsert(out var mark);
            writer.Write("Via: SIP/2.0/UDP "u8).Write("p1").Write(";branch="u8).WriteDecimal(42).WriteCrlf();
            e.EndInsert(m.HeadersStart, 0, mark);
        });

        Assert.Equal("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP p1;branch=42\r\nCall-ID: x\r\n\r\n", result);
    }

    [Fact]
    public void ProxyEdits_AllTogether_CopyEverythingElseByteExact()
    {
        const string text =
            "INVITE sip:bob@edge.example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/WSS df7jal23ls0d.invalid;rport;branch=z9hG4bKnashds7\r\n" +
            "Route: <sip:edge.example.com;lr>, <sip:next.example.com;lr>\r\n" +
            "Max-Forwards: 70\r\n" +
            "X-Unknown:   keep   me \t exactly\r\n" +
            "To: <sip:bob@example.com>\r\n" +
            "From: <sip:alice@example.com>;tag=1\r\n" +
            "Call-ID: c\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Content-Length: 0\r\n\r\n";
        var result = Edit(text, (e, m) =>
        {
            Assert.Equal(SipParseError.None, m.Validate());
            e.AddHeaderFirst(HeaderId.Via, "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKproxy"u8);
            e.AddHeaderFirst(HeaderId.RecordRoute, "<sip:10.0.0.1;lr>"u8);
            e.RemoveValue(ValueAt(m, HeaderId.Route, 0));
            e.ReplaceHeaderValue(m.IndexOf(HeaderId.MaxForwards), "69"u8);
        });

        Assert.Equal(
            "INVITE sip:bob@edge.example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKproxy\r\n" +
            "Record-Route: <sip:10.0.0.1;lr>\r\n" +
            "Via: SIP/2.0/WSS df7jal23ls0d.invalid;rport;branch=z9hG4bKnashds7\r\n" +
            "Route: <sip:next.example.com;lr>\r\n" +
            "Max-Forwards: 69\r\n" +
            "X-Unknown:   keep   me \t exactly\r\n" +
            "To: <sip:bob@example.com>\r\n" +
            "From: <sip:alice@example.com>;tag=1\r\n" +
            "Call-ID: c\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Content-Length: 0\r\n\r\n",
            result);
    }

    [Fact]
    public void Length_AfterEdits_IsTheOutputLength()
    {
        var m = Parse(Invite);
        using var editor = new SipMessageEditor(m);
        editor.Insert(0, "abc"u8);
        editor.Delete(3, 2);
        editor.Replace(20, 4, "xy"u8);

        Assert.Equal(Invite.Length + 3 - 2 - 2, editor.Length);
        Assert.Equal(editor.Length, editor.ToArray().Length);
    }

    [Fact]
    public void Edits_ManyMoreThanTheInitialCapacity_AreAllApplied()
    {
        var m = Parse("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n");
        using var editor = new SipMessageEditor(m);
        for (var i = 0; i < 40; i++)
        {
            editor.AddHeaderLast(HeaderId.Subject, Bytes(new string('s', 30) + i));
        }

        var result = Valid(Bytes("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCSeq: 1 OPTIONS\r\n" + Text(editor.ToArray()).Split("\r\n", 2)[1]));
        Assert.Equal(45, result.HeaderCount);
    }
}
