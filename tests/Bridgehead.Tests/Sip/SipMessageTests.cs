using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class SipMessageTests
{
    [Fact]
    public void Parse_Request_ReadsStartLine()
    {
        var m = Parse(Invite);

        Assert.True(m.IsRequest);
        Assert.False(m.IsResponse);
        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Equal("INVITE", Text(m.MethodToken));
        Assert.Equal("sip:bob@biloxi.example.com", Text(m.RequestUri));
        Assert.Equal("sip:bob@biloxi.example.com", Text(m.RequestUriMemory));
        Assert.Equal(7, m.RequestUriStart);
        Assert.Equal(Invite.IndexOf("Via:", StringComparison.Ordinal), m.HeadersStart);
    }

    [Fact]
    public void Parse_Response_ReadsStatusLine()
    {
        var m = Parse("SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nContent-Length: 0\r\n\r\n");

        Assert.True(m.IsResponse);
        Assert.Equal(486, m.StatusCode);
        Assert.Equal("Busy Here", Text(m.ReasonPhrase));
        Assert.Equal(SipMethod.Unknown, m.Method);
    }

    [Theory]
    [InlineData("SIP/2.0 100 \r\n")]
    [InlineData("SIP/2.0 100\r\n")]
    public void Parse_ResponseWithoutReasonPhrase_HasEmptyReason(string statusLine)
    {
        var m = Parse(statusLine + "Content-Length: 0\r\n\r\n");

        Assert.Equal(100, m.StatusCode);
        Assert.True(m.ReasonPhrase.IsEmpty);
    }

    [Theory]
    [InlineData("SIP/2.0 99 Low\r\n")]
    [InlineData("SIP/2.0 700 High\r\n")]
    [InlineData("SIP/2.0 2000 Long\r\n")]
    [InlineData("SIP/2.0 2x0 Letters\r\n")]
    public void Parse_ResponseWithBadStatusCode_ReturnsErrorWithoutMessage(string statusLine)
    {
        var result = SipMessage.Parse(Bytes(statusLine + "Content-Length: 0\r\n\r\n"));

        Assert.Equal(SipParseError.BadStatusCode, result.Error);
        Assert.Null(result.Message);
        Assert.False(result.Success);
    }

    [Theory]
    [InlineData("SIP/3.0 200 OK\r\n", SipParseError.UnsupportedVersion)]
    [InlineData("INVITE sip:a@b SIP/3.0\r\n", SipParseError.UnsupportedVersion)]
    [InlineData("INVITE sip:a@b SIP/2\r\n", SipParseError.BadStartLine)]
    [InlineData("INVITE sip:a@b HTTP/1.1\r\n", SipParseError.BadStartLine)]
    [InlineData("INVITE sip:a@b\r\n", SipParseError.BadStartLine)]
    [InlineData("INVITE  SIP/2.0\r\n", SipParseError.BadRequestUri)]
    [InlineData("INVITE <sip:a@b> SIP/2.0\r\n", SipParseError.BadRequestUri)]
    [InlineData("INVITE sip: SIP/2.0\r\n", SipParseError.BadRequestUri)]
    [InlineData("INVITE 1sip:a SIP/2.0\r\n", SipParseError.BadRequestUri)]
    public void Parse_BadStartLine_NamesTheFault(string startLine, SipParseError expected)
    {
        var result = SipMessage.Parse(Bytes(startLine + "Content-Length: 0\r\n\r\n"));

        Assert.Equal(expected, result.Error);
    }

    [Fact]
    public void Parse_LowerCaseSipVersion_IsAccepted()
    {
        var m = Parse("OPTIONS sip:a@b sip/2.0\r\nl: 0\r\n\r\n");

        Assert.Equal(SipMethod.Options, m.Method);
    }

    [Fact]
    public void Parse_RequestWithBadRequestUri_KeepsMessageForTheAnswer()
    {
        var result = SipMessage.Parse(Bytes("INVITE <sip:a@b> SIP/2.0\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n"));

        Assert.Equal(SipParseError.BadRequestUri, result.Error);
        Assert.NotNull(result.Message);
        Assert.Equal("x", Text(result.Message.CallId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n\n")]
    public void Parse_NothingButLineEnds_IsEmpty(string text)
    {
        var result = SipMessage.Parse(Bytes(text));

        Assert.Equal(SipParseError.Empty, result.Error);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Parse_StartLineWithoutLineEnd_IsUnterminated()
    {
        var result = SipMessage.Parse(Bytes("INVITE sip:a@b SIP/2.0"));

        Assert.Equal(SipParseError.UnterminatedHeaders, result.Error);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Parse_HeadersWithoutEmptyLine_IsUnterminatedButKeepsRequest()
    {
        var result = SipMessage.Parse(Bytes("INVITE sip:a@b SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n"));

        Assert.Equal(SipParseError.UnterminatedHeaders, result.Error);
        Assert.NotNull(result.Message);
        Assert.Equal(2, result.Message.HeaderCount);
    }

    [Fact]
    public void Parse_ResponseWithoutEmptyLine_IsDropped()
    {
        var result = SipMessage.Parse(Bytes("SIP/2.0 200 OK\r\nCall-ID: x\r\n"));

        Assert.Equal(SipParseError.UnterminatedHeaders, result.Error);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Parse_LeadingLineEnds_AreSkippedAndNotPartOfTheMessage()
    {
        var m = ParseOk(Bytes("\r\n\r\n" + Invite));

        Assert.Equal(Invite, Text(m.Buffer));
        Assert.Equal("INVITE", Text(m.MethodToken));
        Assert.Equal("sip:bob@biloxi.example.com", Text(m.RequestUri));
        Assert.Equal("v=0\n", Text(m.Body));
    }

    [Theory]
    [InlineData("i", HeaderId.CallId)]
    [InlineData("m", HeaderId.Contact)]
    [InlineData("l", HeaderId.ContentLength)]
    [InlineData("v", HeaderId.Via)]
    [InlineData("f", HeaderId.From)]
    [InlineData("t", HeaderId.To)]
    [InlineData("k", HeaderId.Supported)]
    [InlineData("s", HeaderId.Subject)]
    [InlineData("e", HeaderId.ContentEncoding)]
    [InlineData("c", HeaderId.ContentType)]
    [InlineData("o", HeaderId.Event)]
    [InlineData("u", HeaderId.AllowEvents)]
    [InlineData("r", HeaderId.ReferTo)]
    [InlineData("b", HeaderId.ReferredBy)]
    [InlineData("x", HeaderId.SessionExpires)]
    [InlineData("a", HeaderId.AcceptContact)]
    [InlineData("j", HeaderId.RejectContact)]
    [InlineData("d", HeaderId.RequestDisposition)]
    [InlineData("y", HeaderId.Identity)]
    [InlineData("I", HeaderId.CallId)]
    [InlineData("V", HeaderId.Via)]
    public void Parse_CompactHeaderName_IsIdentified(string name, HeaderId expected)
    {
        var m = Parse("OPTIONS sip:a@b SIP/2.0\r\n" + name + ": 0\r\n\r\n");

        Assert.Equal(expected, m.Headers[0].Id);
        Assert.Equal(name, Text(m.Name(m.Headers[0])));
        Assert.Equal("0", Text(m.Value(m.Headers[0])));
    }

    [Fact]
    public void Parse_HeaderNameInOddCaseWithSpaceBeforeColon_IsIdentified()
    {
        var m = Parse("OPTIONS sip:a@b SIP/2.0\r\nMaX-fOrWaRdS \t: 0068 \r\ncall-id:x\r\n\r\n");

        Assert.Equal(HeaderId.MaxForwards, m.Headers[0].Id);
        Assert.Equal("MaX-fOrWaRdS", Text(m.Name(m.Headers[0])));
        Assert.Equal("0068", Text(m.Value(m.Headers[0])));
        Assert.Equal(HeaderId.CallId, m.Headers[1].Id);
        Assert.Equal("x", Text(m.CallId));
    }

    [Fact]
    public void Parse_FoldedHeader_IsOneLineWithFoldingKeptInValue()
    {
        const string text = "OPTIONS sip:a@b SIP/2.0\r\nSubject: first\r\n  second\r\n\tthird\r\nCall-ID: x\r\n\r\n";
        var m = Parse(text);

        Assert.Equal(2, m.HeaderCount);
        var subject = m.Headers[0];
        Assert.Equal(HeaderId.Subject, subject.Id);
        Assert.Equal("first\r\n  second\r\n\tthird", Text(m.Value(subject)));
        Assert.Equal("Subject: first\r\n  second\r\n\tthird\r\n", Text(m.Buffer.Span.Slice(subject.LineStart, subject.LineLength)));
        Assert.Equal(subject.LineEnd, m.Headers[1].LineStart);
    }

    [Fact]
    public void Parse_EmptyFoldedValue_IsEmpty()
    {
        var m = Parse("OPTIONS sip:a@b SIP/2.0\r\ns :\r\n \r\nCall-ID: x\r\n\r\n");

        Assert.Equal(HeaderId.Subject, m.Headers[0].Id);
        Assert.Equal(0, m.Headers[0].ValueLength);
        Assert.Equal(HeaderId.CallId, m.Headers[1].Id);
    }

    [Fact]
    public void Parse_BareLineFeeds_AreAcceptedAsLineEnds()
    {
        var m = Parse("INVITE sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\nSubject: a\n b\nContent-Length: 3\n\nabc");

        Assert.Equal("sip:a@b", Text(m.RequestUri));
        Assert.Equal(3, m.HeaderCount);
        Assert.Equal("SIP/2.0/UDP h;branch=z9hG4bKx", Text(m.Value(m.Headers[0])));
        Assert.Equal("a\n b", Text(m.Value(m.Headers[1])));
        Assert.Equal("Via: SIP/2.0/UDP h;branch=z9hG4bKx\n", Text(m.Buffer.Span.Slice(m.Headers[0].LineStart, m.Headers[0].LineLength)));
        Assert.Equal("abc", Text(m.Body));
        Assert.Equal(3, m.ContentLength);
    }

    [Theory]
    [InlineData("invite", SipMethod.Unknown)]
    [InlineData("NEWMETHOD", SipMethod.Unknown)]
    [InlineData("RE%47IST%45R", SipMethod.Unknown)]
    [InlineData("REGISTER", SipMethod.Register)]
    [InlineData("PUBLISH", SipMethod.Publish)]
    public void Parse_MethodToken_IsIdentifiedCaseSensitively(string token, SipMethod expected)
    {
        var m = Parse(token + " sip:a@b SIP/2.0\r\nl: 0\r\n\r\n");

        Assert.Equal(expected, m.Method);
        Assert.Equal(token, Text(m.MethodToken));
    }

    [Theory]
    [InlineData("INV\"ITE")]
    [InlineData("INV<ITE")]
    [InlineData("")]
    public void Parse_MethodThatIsNotAToken_IsBadStartLine(string token)
    {
        var result = SipMessage.Parse(Bytes(token + " sip:a@b SIP/2.0\r\nl: 0\r\n\r\n"));

        Assert.Equal(SipParseError.BadStartLine, result.Error);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Parse_UnknownHeader_KeepsNameAndValue()
    {
        var m = Parse("OPTIONS sip:a@b SIP/2.0\r\nX-Custom-Thing:  some value \r\nContact: <sip:c@d>\r\n\r\n");

        Assert.Equal(HeaderId.Unknown, m.Headers[0].Id);
        Assert.Equal("X-Custom-Thing", Text(m.Name(m.Headers[0])));
        Assert.Equal("some value", Text(m.Value(m.Headers[0])));
        Assert.Equal(0, m.IndexOfName("x-custom-thing"u8));
        Assert.Equal(1, m.IndexOfName("m"u8));
        Assert.Equal(-1, m.IndexOfName("X-Other"u8));
    }

    [Theory]
    [InlineData("Foobar roobar")]
    [InlineData(": no name")]
    [InlineData("Bad Name: value")]
    [InlineData("Bad\"Name: value")]
    public void Parse_MalformedHeaderLine_IsBadHeaderLine(string line)
    {
        var result = SipMessage.Parse(Bytes("OPTIONS sip:a@b SIP/2.0\r\n" + line + "\r\nCall-ID: x\r\n\r\n"));

        Assert.Equal(SipParseError.BadHeaderLine, result.Error);
        Assert.NotNull(result.Message);
        Assert.Equal("x", Text(result.Message.CallId));
    }

    [Fact]
    public void Parse_ContentLengthShorterThanData_DiscardsTrailingOctets()
    {
        var m = Parse("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5\r\n\r\nhello, and more");

        Assert.Equal("hello", Text(m.Body));
        Assert.Equal(5, m.BodyLength);
        Assert.Equal(m.BodyStart + 5, m.Buffer.Length);
        Assert.Equal("hello", Text(m.BodyMemory));
    }

    [Fact]
    public void Parse_NoContentLength_BodyIsTheRestOfTheData()
    {
        var m = Parse("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nall of this");

        Assert.Equal(-1, m.ContentLength);
        Assert.Equal("all of this", Text(m.Body));
    }

    [Fact]
    public void Parse_ContentLengthLargerThanData_KeepsRequestWithError()
    {
        var result = SipMessage.Parse(Bytes("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 50\r\n\r\nshort"));

        Assert.Equal(SipParseError.ContentLengthExceedsDatagram, result.Error);
        Assert.NotNull(result.Message);
        Assert.Equal("short", Text(result.Message.Body));
    }

    [Fact]
    public void Parse_ResponseWithContentLengthLargerThanData_IsDropped()
    {
        var result = SipMessage.Parse(Bytes("SIP/2.0 200 OK\r\nContent-Length: 50\r\n\r\nshort"));

        Assert.Equal(SipParseError.ContentLengthExceedsDatagram, result.Error);
        Assert.Null(result.Message);
    }

    [Theory]
    [InlineData("Content-Length: -5\r\n")]
    [InlineData("Content-Length: 5x\r\n")]
    [InlineData("Content-Length: 99999999999\r\n")]
    [InlineData("Content-Length: 0\r\nl: 0\r\n")]
    [InlineData("Content-Length:\r\n")]
    public void Parse_BadOrRepeatedContentLength_IsBadContentLength(string lines)
    {
        var result = SipMessage.Parse(Bytes("MESSAGE sip:a@b SIP/2.0\r\n" + lines + "\r\nbody"));

        Assert.Equal(SipParseError.BadContentLength, result.Error);
        Assert.NotNull(result.Message);
        Assert.Equal(0, result.Message.BodyLength);
    }

    [Fact]
    public void Parse_MoreHeadersThanInlineCapacity_KeepsEveryHeaderInOrder()
    {
        var lines = Enumerable.Range(0, 100).Select(i => $"X-H{i}: {i}");
        var m = Parse("OPTIONS sip:a@b SIP/2.0\r\n" + string.Join("\r\n", lines) + "\r\nCall-ID: last\r\n\r\n");

        Assert.Equal(101, m.HeaderCount);
        Assert.Equal(101, m.Headers.Length);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal($"X-H{i}", Text(m.Name(m.Headers[i])));
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(m.Value(m.Headers[i])));
        }

        Assert.Equal("last", Text(m.CallId));
    }

    [Fact]
    public void Parse_MoreHeadersThanAllowed_IsTooManyHeaders()
    {
        var lines = Enumerable.Range(0, 11).Select(i => $"X-H{i}: {i}");
        var result = SipMessage.Parse(Bytes("OPTIONS sip:a@b SIP/2.0\r\n" + string.Join("\r\n", lines) + "\r\n\r\n"), maxHeaders: 10);

        Assert.Equal(SipParseError.TooManyHeaders, result.Error);
        Assert.NotNull(result.Message);
    }

    [Fact]
    public void Parse_ExactlyTheAllowedHeaders_IsAccepted()
    {
        var lines = Enumerable.Range(0, 10).Select(i => $"X-H{i}: {i}");
        var result = SipMessage.Parse(Bytes("OPTIONS sip:a@b SIP/2.0\r\n" + string.Join("\r\n", lines) + "\r\n\r\n"), maxHeaders: 10);

        Assert.Equal(SipParseError.None, result.Error);
    }

    [Fact]
    public void FirstValue_AbsentHeader_IsEmpty()
    {
        var m = Parse(Invite);

        Assert.True(m.FirstValue(HeaderId.Route).IsEmpty);
        Assert.True(m.FirstValueMemory(HeaderId.Route).IsEmpty);
        Assert.False(m.Has(HeaderId.Route));
        Assert.Equal(-1, m.IndexOf(HeaderId.Route));
        Assert.Equal("314159 INVITE", Text(m.FirstValue(HeaderId.CSeq)));
    }

    [Fact]
    public void IndexOf_WithStartIndex_FindsLaterHeaders()
    {
        var m = Parse("OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:1>\r\nCall-ID: x\r\nRoute: <sip:2>\r\n\r\n");

        Assert.Equal(0, m.IndexOf(HeaderId.Route));
        Assert.Equal(2, m.IndexOf(HeaderId.Route, 1));
        Assert.Equal(-1, m.IndexOf(HeaderId.Route, 3));
    }

    [Fact]
    public void Values_SpreadOverLines_AreEnumeratedInWireOrder()
    {
        var m = Parse("OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:1>, <sip:2>\r\nCall-ID: x\r\nRoute: <sip:3>\r\n\r\n");

        var values = new List<string>();
        foreach (var v in m.Values(HeaderId.Route))
        {
            values.Add(Text(v.Span));
        }

        Assert.Equal(["<sip:1>", "<sip:2>", "<sip:3>"], values);
    }

    [Fact]
    public void ToString_IsTheMessageText()
    {
        Assert.Equal(Invite, Parse(Invite).ToString());
    }

    [Fact]
    public void Validate_ValidInvite_ExposesTheCheckedHeaders()
    {
        var m = Valid(Invite);

        Assert.Equal("192.0.2.10", Text(m.TopVia.Host));
        Assert.Equal(5060, m.TopVia.Port);
        Assert.Equal(SipTransportKind.Udp, m.TopVia.Transport);
        Assert.Equal("z9hG4bK776asdhds", Text(m.TopVia.Branch));
        Assert.True(m.TopVia.HasRport);
        Assert.Equal(314159u, m.CSeq.Number);
        Assert.Equal(SipMethod.Invite, m.CSeq.Method);
        Assert.Equal("1928301774", Text(m.From.Tag));
        Assert.Equal("\"Alice\"", Text(m.From.DisplayName));
        Assert.False(m.To.HasTag);
        Assert.Equal("Bob", Text(m.To.DisplayName));
        Assert.Equal("a84b4c76e66710@pc33.atlanta.example.com", Text(m.CallId));
        Assert.Equal(70, m.MaxForwards);
        Assert.Equal(UriScheme.Sip, m.Uri.Scheme);
        Assert.Equal("bob", Text(m.Uri.User));
        Assert.Equal("biloxi.example.com", Text(m.Uri.Host));
    }

    [Fact]
    public void Validate_CalledTwice_GivesTheSameAnswer()
    {
        var m = Parse(Invite);

        Assert.Equal(SipParseError.None, m.Validate());
        Assert.Equal(SipParseError.None, m.Validate());
        Assert.Equal(70, m.MaxForwards);
    }

    [Fact]
    public void Validate_FailedTwice_FailsTwice()
    {
        var m = Parse(Invite.Replace("CSeq: 314159 INVITE", "CSeq: 1 BYE", StringComparison.Ordinal));

        Assert.Equal(SipParseError.CSeqMethodMismatch, m.Validate());
        Assert.Equal(SipParseError.CSeqMethodMismatch, m.Validate());
    }

    [Theory]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bK776asdhds\r\n", SipParseError.MissingVia)]
    [InlineData("To: Bob <sip:bob@biloxi.example.com>\r\n", SipParseError.MissingTo)]
    [InlineData("From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n", SipParseError.MissingFrom)]
    [InlineData("Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n", SipParseError.MissingCallId)]
    [InlineData("CSeq: 314159 INVITE\r\n", SipParseError.MissingCSeq)]
    public void Validate_MissingRequiredHeader_NamesIt(string line, SipParseError expected)
    {
        var m = Parse(Invite.Replace(line, string.Empty, StringComparison.Ordinal));

        Assert.Equal(expected, m.Validate());
    }

    [Theory]
    [InlineData("To: <sip:carol@example.com>")]
    [InlineData("f: <sip:x@example.com>;tag=1")]
    [InlineData("i: other@host")]
    [InlineData("CSeq: 2 INVITE")]
    [InlineData("Max-Forwards: 10")]
    public void Validate_SecondSingleValuedHeader_IsDuplicate(string line)
    {
        var m = Parse(InviteWith(line));

        Assert.Equal(SipParseError.DuplicateHeader, m.Validate());
    }

    [Theory]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bK776asdhds", "Via: SIP/2.0/UDP", SipParseError.BadVia)]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bK776asdhds", "Via: SIP/1.0/UDP 192.0.2.10", SipParseError.BadVia)]
    [InlineData("CSeq: 314159 INVITE", "CSeq: INVITE", SipParseError.BadCSeq)]
    [InlineData("CSeq: 314159 INVITE", "CSeq: 2147483648 INVITE", SipParseError.BadCSeq)]
    [InlineData("CSeq: 314159 INVITE", "CSeq: 1 BYE", SipParseError.CSeqMethodMismatch)]
    [InlineData("CSeq: 314159 INVITE", "CSeq: 1 invite", SipParseError.CSeqMethodMismatch)]
    [InlineData("Call-ID: a84b4c76e66710@pc33.atlanta.example.com", "Call-ID: a b", SipParseError.BadCallId)]
    [InlineData("Call-ID: a84b4c76e66710@pc33.atlanta.example.com", "Call-ID: a@", SipParseError.BadCallId)]
    [InlineData("Call-ID: a84b4c76e66710@pc33.atlanta.example.com", "Call-ID: a@b@c", SipParseError.BadCallId)]
    [InlineData("Call-ID: a84b4c76e66710@pc33.atlanta.example.com", "Call-ID:", SipParseError.BadCallId)]
    [InlineData("To: Bob <sip:bob@biloxi.example.com>", "To: Bob <sip:bob@biloxi.example.com", SipParseError.BadTo)]
    [InlineData("From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774", "From: \"Alice <sip:alice@atlanta.example.com>", SipParseError.BadFrom)]
    [InlineData("Max-Forwards: 70", "Max-Forwards: seventy", SipParseError.BadMaxForwards)]
    [InlineData("Max-Forwards: 70", "Max-Forwards: -1", SipParseError.BadMaxForwards)]
    [InlineData("Max-Forwards: 70", "Max-Forwards:", SipParseError.BadMaxForwards)]
    [InlineData("Contact: <sip:alice@192.0.2.10:5060>", "Contact: *", SipParseError.BadContact)]
    [InlineData("Contact: <sip:alice@192.0.2.10:5060>", "Contact: <sip:a@b>, <sip:c d>", SipParseError.BadContact)]
    [InlineData("INVITE sip:bob@biloxi.example.com SIP/2.0", "INVITE sip:bob@biloxi.example.com?Subject=x SIP/2.0", SipParseError.BadRequestUri)]
    [InlineData("INVITE sip:bob@biloxi.example.com SIP/2.0", "INVITE sip:bob@[::1 SIP/2.0", SipParseError.BadRequestUri)]
    public void Validate_MalformedHeader_NamesIt(string line, string replacement, SipParseError expected)
    {
        var m = Parse(Invite.Replace(line, replacement, StringComparison.Ordinal));

        Assert.Equal(expected, m.Validate());
    }

    [Theory]
    [InlineData("Route: <sip:p1;lr>, <sip:p2", SipParseError.BadRoute)]
    [InlineData("Record-Route: <sip:p1;lr>,", SipParseError.BadRecordRoute)]
    [InlineData("Expires: soon", SipParseError.BadExpires)]
    [InlineData("Expires:", SipParseError.BadExpires)]
    public void Validate_MalformedListOrExpires_NamesIt(string line, SipParseError expected)
    {
        var m = Parse(InviteWith(line));

        Assert.Equal(expected, m.Validate());
    }

    [Fact]
    public void Validate_WildcardContactInRegister_IsAccepted()
    {
        var m = Valid(Invite.Replace("INVITE", "REGISTER", StringComparison.Ordinal).Replace("Contact: <sip:alice@192.0.2.10:5060>", "Contact: *", StringComparison.Ordinal));

        Assert.Equal(SipMethod.Register, m.Method);
    }

    [Fact]
    public void Validate_OverlargeMaxForwards_IsClampedTo255()
    {
        var m = Valid(Invite.Replace("Max-Forwards: 70", "Max-Forwards: 99999999999999", StringComparison.Ordinal));

        Assert.Equal(255, m.MaxForwards);
    }

    [Fact]
    public void Validate_NoMaxForwards_IsMinusOne()
    {
        var m = Valid(Invite.Replace("Max-Forwards: 70\r\n", string.Empty, StringComparison.Ordinal));

        Assert.Equal(-1, m.MaxForwards);
    }

    [Fact]
    public void Validate_Response_DoesNotNeedMatchingMethodOrMaxForwards()
    {
        var m = Valid("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h:5070;branch=z9hG4bKa\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: c\r\nCSeq: 5 INVITE\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(200, m.StatusCode);
        Assert.Equal(SipMethod.Invite, m.CSeq.Method);
        Assert.Equal("2", Text(m.To.Tag));
        Assert.Equal(SipTransportKind.Tcp, m.TopVia.Transport);
    }

    [Fact]
    public void Validate_NonSipRequestUri_IsAcceptedWithOtherScheme()
    {
        var m = Valid(Invite.Replace("INVITE sip:bob@biloxi.example.com", "INVITE tel:+15551234", StringComparison.Ordinal));

        Assert.Equal(UriScheme.Tel, m.Uri.Scheme);
        Assert.Equal("tel:+15551234", Text(m.Uri.Text));
    }
}
