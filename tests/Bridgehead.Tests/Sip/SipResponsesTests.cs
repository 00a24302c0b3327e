using System.Net;
using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

public sealed class SipResponsesTests
{
    private static readonly IPEndPoint Source = IPEndPoint.Parse("203.0.113.9:61000");

    private const string Request =
        "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bK776asdhds, SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1\r\n" +
        "v: SIP/2.0/TCP p2.example.com;branch=z9hG4bKp2\r\n" +
        "Max-Forwards: 70\r\n" +
        "t: Bob <sip:bob@biloxi.example.com>\r\n" +
        "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "i: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Timestamp: 54\r\n" +
        "Contact: <sip:alice@10.0.0.5:5060>\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    [Fact]
    public void Simple_Request_CopiesTheDialogHeadersAndSetsReceivedOnTheTopVia()
    {
        var request = Valid(Request);
        var response = Valid(SipResponses.Simple(request, 486, "Busy Here"u8, Source, "as83kd"u8));

        Assert.Equal(
            "SIP/2.0 486 Busy Here\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK776asdhds;received=203.0.113.9;rport=61000, SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1\r\n" +
            "v: SIP/2.0/TCP p2.example.com;branch=z9hG4bKp2\r\n" +
            "t: Bob <sip:bob@biloxi.example.com>;tag=as83kd\r\n" +
            "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
            "i: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
            "CSeq: 314159 INVITE\r\n" +
            "Timestamp: 54\r\n" +
            "Content-Length: 0\r\n\r\n",
            response.ToString());
        Assert.Equal(486, response.StatusCode);
        Assert.Equal("as83kd", Text(response.To.Tag));
        Assert.Equal(request.CallId.ToArray(), response.CallId.ToArray());
        Assert.Equal(314159u, response.CSeq.Number);
        Assert.Equal("203.0.113.9", Text(response.TopVia.Received));
    }

    [Fact]
    public void Start_Trying_AddsNoToTag()
    {
        var request = Valid(Request);
        using var writer = SipResponses.Start(request, 100, "Trying", Source, "as83kd"u8);
        writer.WriteBody(default);
        var response = Valid(writer.ToArray());

        Assert.False(response.To.HasTag);
        Assert.Equal("Trying", Text(response.ReasonPhrase));
    }

    [Fact]
    public void Simple_ToAlreadyTagged_KeepsTheTagAndAddsNone()
    {
        var request = Valid(Request.Replace("t: Bob <sip:bob@biloxi.example.com>", "t: Bob <sip:bob@biloxi.example.com>;tag=existing", StringComparison.Ordinal));
        var response = Valid(SipResponses.Simple(request, 200, "OK", Source, "as83kd"u8));

        Assert.Equal("existing", Text(response.To.Tag));
        Assert.DoesNotContain("as83kd", response.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Simple_NoTagGiven_LeavesToAsIs()
    {
        var request = Valid(Request);
        var response = Valid(SipResponses.Simple(request, 404, "Not Found", Source));

        Assert.False(response.To.HasTag);
    }

    [Fact]
    public void Simple_NoSource_CopiesTheTopViaUnchanged()
    {
        var request = Valid(Request);
        var response = Valid(SipResponses.Simple(request, 200, "OK"u8, null));

        Assert.Equal("SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bK776asdhds, SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1", Text(response.FirstValue(HeaderId.Via)));
    }

    [Fact]
    public void Simple_RequestThatFailedValidation_IsStillAnswered()
    {
        // A 400 must be sendable for a request whose CSeq is broken (RFC 4475 scalar02).
        var request = Parse(Request.Replace("CSeq: 314159 INVITE", "CSeq: 36893488147419103232 INVITE", StringComparison.Ordinal));
        var error = request.Validate();
        Assert.Equal(SipParseError.BadCSeq, error);

        var bytes = SipResponses.Simple(request, error.StatusCode(), error.ReasonPhrase(), Source, "t1"u8);
        var response = ParseOk(bytes);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("Bad Request (Malformed CSeq)", Text(response.ReasonPhrase));
        Assert.Equal("36893488147419103232 INVITE", Text(response.FirstValue(HeaderId.CSeq)));
        Assert.StartsWith("SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK776asdhds;received=203.0.113.9;rport=61000", Text(response.FirstValue(HeaderId.Via)), StringComparison.Ordinal);
        Assert.Equal("a84b4c76e66710@pc33.atlanta.example.com", Text(response.CallId));
    }

    [Fact]
    public void Simple_RequestWithUnparsableVia_CopiesTheViaLineAsIs()
    {
        var request = Parse(Request.Replace("Via: SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bK776asdhds, ", "Via: SIP/2.0/UDP 10.0.0.5:5060;;rport, ", StringComparison.Ordinal));
        Assert.Equal(SipParseError.BadVia, request.Validate());

        var response = ParseOk(SipResponses.Simple(request, 400, "Bad Request"u8, Source));

        Assert.Equal("SIP/2.0/UDP 10.0.0.5:5060;;rport, SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1", Text(response.FirstValue(HeaderId.Via)));
    }

    [Fact]
    public void Simple_RequestWithBareLineFeeds_KeepsEveryHeaderOnItsOwnLine()
    {
        var request = Valid(Request.Replace("\r\n", "\n", StringComparison.Ordinal));
        var response = Valid(SipResponses.Simple(request, 200, "OK"u8, Source, "x"u8));

        Assert.Equal(8, response.HeaderCount);
        Assert.Equal("x", Text(response.To.Tag));
    }

    [Fact]
    public void Simple_MissingHeaders_CopiesWhatIsThere()
    {
        // RFC 4475 insuf: no Call-ID, From or To; the answer still parses.
        var request = ParseOk(Vector("rfc4475", "insuf"));
        var response = ParseOk(SipResponses.Simple(request, 400, "Bad Request"u8, Source, "t"u8));

        Assert.Equal(400, response.StatusCode);
        Assert.False(response.Has(HeaderId.CallId));
    }
}
