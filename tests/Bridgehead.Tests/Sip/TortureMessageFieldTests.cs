using System.Text;
using Bridgehead.Sip;
using static Bridgehead.Tests.Sip.SipTestMessages;

namespace Bridgehead.Tests.Sip;

/// <summary>
/// Field-level reading of the RFC 4475 and RFC 5118 messages (the verdicts are in
/// <see cref="TortureMessageTests"/>): what a proxy reads from each valid message must be what
/// the RFC says the message carries.
/// </summary>
public sealed class TortureMessageFieldTests
{
    private static SipMessage Rfc4475(string name) => Valid(Vector("rfc4475", name));

    private static SipMessage Rfc5118(string name) => Valid(Vector("rfc5118", name));

    private static List<Via> Vias(SipMessage m)
    {
        var list = new List<Via>();
        foreach (var v in m.Values(HeaderId.Via))
        {
            Assert.True(Via.TryParse(v.Memory, out var via), Text(v.Span));
            list.Add(via);
        }

        return list;
    }

    private static List<NameAddress> Addresses(SipMessage m, HeaderId id)
    {
        var list = new List<NameAddress>();
        foreach (var v in m.Values(id))
        {
            Assert.True(NameAddress.TryParse(v.Memory, out var a, allowWildcard: true), Text(v.Span));
            list.Add(a);
        }

        return list;
    }

    private static ReadOnlySpan<byte> Line(SipMessage m, int index) =>
        m.Buffer.Span.Slice(m.Headers[index].LineStart, m.Headers[index].LineLength);

    private static byte[] FileBody(byte[] file) => file[(file.AsSpan().IndexOf("\r\n\r\n"u8) + 4)..];

    [Fact]
    public void Rfc4475_wsinv_FieldsAreReadThroughTheWhiteSpace()
    {
        var m = Rfc4475("wsinv");

        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Equal("sip:vivekg@chair-dnrc.example.com;unknownparam", Text(m.RequestUri));
        Assert.True(m.Uri.HasParameter("unknownparam"u8));
        Assert.Equal("1918181833n", Text(m.To.Tag));
        Assert.Equal("sip:vivekg@chair-dnrc.example.com", Text(m.To.UriText));
        Assert.Equal("98asjd8", Text(m.From.Tag));
        Assert.Equal("J Rosenberg \\\"", QuotedString.Decode(m.From.DisplayName.Span));
        Assert.Equal("jdrosen", Text(m.From.Uri.User));
        Assert.Equal(68, m.MaxForwards);
        Assert.Equal(9u, m.CSeq.Number);
        Assert.Equal(SipMethod.Invite, m.CSeq.Method);
        Assert.Equal("wsinv.ndaksdj@192.0.2.1", Text(m.CallId));
        Assert.Equal(150, m.ContentLength);
        Assert.Equal(150, m.BodyLength);
        Assert.True(m.Body.StartsWith("v=0\r\n"u8));
        Assert.Equal(0, m.FirstValue(HeaderId.Subject).Length);
        Assert.True(m.Has(HeaderId.Subject));
        Assert.Equal("application/sdp", Text(m.FirstValue(HeaderId.ContentType)));
    }

    [Fact]
    public void Rfc4475_wsinv_TwoViaLinesGiveThreeVias()
    {
        var m = Rfc4475("wsinv");

        Assert.Equal(2, m.Headers.ToArray().Count(h => h.Id == HeaderId.Via));
        var vias = Vias(m);
        Assert.Equal(3, vias.Count);
        Assert.Equal(
            [("UDP", "192.0.2.2", "390skdjuw"), ("TCP", "spindle.example.com", "z9hG4bK9ikj8"), ("UDP", "192.168.255.111", "z9hG4bK30239")],
            vias.Select(v => (Text(v.TransportToken), Text(v.Host), Text(v.Branch))).ToList());
        Assert.Equal(SipTransportKind.Udp, m.TopVia.Transport);
        Assert.Equal("390skdjuw", Text(m.TopVia.Branch));
        Assert.False(m.TopVia.HasMagicCookie);
        Assert.Equal(SipTransportKind.Tcp, vias[1].Transport);
    }

    [Fact]
    public void Rfc4475_wsinv_RouteAndContactParameters()
    {
        var m = Rfc4475("wsinv");

        var route = Assert.Single(Addresses(m, HeaderId.Route));
        Assert.True(route.Uri.IsLooseRouter);
        Assert.Equal("services.example.com", Text(route.Uri.Host));
        Assert.True(route.Uri.TryGetParameter("unknownwith"u8, out var unknownWith));
        Assert.Equal("value", Text(unknownWith));
        Assert.True(route.Uri.HasParameter("unknown-no-value"u8));

        var contact = Assert.Single(Addresses(m, HeaderId.Contact));
        Assert.Equal("Quoted string \"\"", QuotedString.Decode(contact.DisplayName.Span));
        Assert.True(contact.TryGetParameter("newparam"u8, out var newParam));
        Assert.Equal("newvalue", Text(newParam));
        Assert.True(contact.HasParameter("secondparam"u8));
        Assert.True(contact.TryGetParameter("q"u8, out var q));
        Assert.Equal("0.33", Text(q));
    }

    [Fact]
    public void Rfc4475_wsinv_UnknownHeadersAreForwardedByteExact()
    {
        var file = Vector("rfc4475", "wsinv");
        var m = Rfc4475("wsinv");
        var newFangled = m.IndexOfName("newfangledheader"u8);
        var unusual = m.IndexOfName("UnknownHeaderWithUnusualValue"u8);
        Assert.Equal("newfangled value\r\n continued newfangled value", Text(m.Value(m.Headers[newFangled])));
        Assert.Equal(";;,,;;,;", Text(m.Value(m.Headers[unusual])));

        using var editor = new SipMessageEditor(m);
        editor.AddHeaderFirst(HeaderId.Via, "SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKedge"u8);
        editor.ReplaceHeaderValue(m.IndexOf(HeaderId.MaxForwards), "67"u8);
        var output = editor.ToArray();

        Assert.True(output.AsSpan().IndexOf(Line(m, newFangled)) > 0);
        Assert.True(output.AsSpan().IndexOf(Line(m, unusual)) > 0);
        Assert.True(output.AsSpan().EndsWith(FileBody(file)));
        var forwarded = Valid(output);
        Assert.Equal(67, forwarded.MaxForwards);
        Assert.Equal(4, Vias(forwarded).Count);
        Assert.Equal("1918181833n", Text(forwarded.To.Tag));
    }

    [Fact]
    public void Rfc4475_dblreq_OnlyTheRegisterIsTheMessage()
    {
        var file = Vector("rfc4475", "dblreq");
        var m = Rfc4475("dblreq");

        Assert.Equal(SipMethod.Register, m.Method);
        Assert.Equal(0, m.ContentLength);
        Assert.Equal(0, m.BodyLength);
        Assert.True(m.Body.IsEmpty);
        Assert.Equal(m.BodyStart, m.Buffer.Length);
        Assert.True(m.Buffer.Span.EndsWith("Content-Length: 0\r\n\r\n"u8));
        Assert.Equal(-1, m.Buffer.Span.IndexOf("INVITE"u8));
        Assert.True(file.Length > m.Buffer.Length);
        Assert.Equal("dblreq.0ha0isndaksdj99sdfafnl3lk233412", Text(m.CallId));
        Assert.Equal(8u, m.CSeq.Number);

        using var editor = new SipMessageEditor(m);
        Assert.Equal(m.Buffer.ToArray(), editor.ToArray());
    }

    [Fact]
    public void Rfc4475_esc02_EscapedMethodAndHeaderNameAreNotDecoded()
    {
        var m = Rfc4475("esc02");

        Assert.Equal(SipMethod.Unknown, m.Method);
        Assert.Equal("RE%47IST%45R", Text(m.MethodToken));
        Assert.Equal("RE%47IST%45R", Text(m.CSeq.MethodToken));
        Assert.Equal(29344u, m.CSeq.Number);
        var contacts = Addresses(m, HeaderId.Contact);
        Assert.Equal(["host1.example.com", "host3.example.com"], contacts.Select(c => Text(c.Uri.Host)).ToList());
        var unknown = m.IndexOfName("C%6Fntact"u8);
        Assert.Equal(HeaderId.Unknown, m.Headers[unknown].Id);
        Assert.Equal("<sip:alias2@host2.example.com>", Text(m.Value(m.Headers[unknown])));
        Assert.Equal("%Z%45", QuotedString.Decode(m.To.DisplayName.Span));
        Assert.Equal("z9hG4bK209%fzsnel234", Text(m.TopVia.Branch));
        Assert.Equal(SipTransportKind.Tcp, m.TopVia.Transport);
        Assert.Equal(0, m.ContentLength);
    }

    [Fact]
    public void Rfc4475_semiuri_UserPartHoldsTheSemicolon()
    {
        var m = Rfc4475("semiuri");

        Assert.Equal("user;par=u%40example.net", Text(m.Uri.User));
        Assert.Equal("user;par=u@example.net", m.Uri.UserText);
        Assert.Equal("example.com", Text(m.Uri.Host));
        Assert.True(m.Uri.Parameters.IsEmpty);
        var accept = new List<string>();
        foreach (var v in m.Values(HeaderId.Accept))
        {
            accept.Add(Text(v.Span));
        }

        Assert.Equal(["application/sdp", "application/pkcs7-mime", "multipart/mixed", "multipart/signed", "message/sip", "message/sipfrag"], accept);
    }

    [Fact]
    public void Rfc4475_transports_EveryViaIsReadWithItsTransport()
    {
        var m = Rfc4475("transports");

        var vias = Vias(m);
        Assert.Equal(
            [("UDP", (SipTransportKind?)SipTransportKind.Udp, "t1.example.com"), ("SCTP", null, "t2.example.com"), ("TLS", SipTransportKind.Tls, "t3.example.com"), ("UNKNOWN", null, "t4.example.com"), ("TCP", SipTransportKind.Tcp, "t5.example.com")],
            vias.Select(v => (Text(v.TransportToken), v.Transport, Text(v.Host))).ToList());
        Assert.Equal("z9hG4bKkdjuw", Text(m.TopVia.Branch));
        Assert.Equal("transports.kijh4akdnaqjkwendsasfdj", Text(m.CallId));
    }

    [Fact]
    public void Rfc4475_intmeth_UnusualCharactersAreKept()
    {
        var m = Rfc4475("intmeth");

        Assert.Equal(SipMethod.Unknown, m.Method);
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", Text(m.MethodToken));
        Assert.Equal(139122385u, m.CSeq.Number);
        Assert.True(m.CSeq.MethodToken.Span.SequenceEqual(m.MethodToken));
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", Text(m.CallId));
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", Text(m.Uri.User));
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", Text(m.Uri.Password));
        Assert.Equal("example.com", Text(m.Uri.Host));
        Assert.Equal(255, m.MaxForwards);
        Assert.Equal("z9hG4bK-.!%66*_+`'~", Text(m.TopVia.Branch));
        Assert.Equal("token1~` token2'+_ token3*%!.-", Text(m.From.DisplayName));
        Assert.Equal("_token~1'+`*%!-.", Text(m.From.Tag));
        Assert.Equal("BEL:\a NUL:\0 DEL:\u007f", QuotedString.Decode(m.To.DisplayName.Span));
        var extension = m.IndexOfName("extensionHeader-!.%*+_`'~"u8);
        Assert.Equal("\uFEFF大停電", Text(m.Value(m.Headers[extension])));
    }

    [Fact]
    public void Rfc4475_mpart01_BodyIsByteIdenticalToTheFile()
    {
        var file = Vector("rfc4475", "mpart01");
        var m = Rfc4475("mpart01");

        Assert.Equal(553, m.ContentLength);
        Assert.Equal(FileBody(file), m.Body.ToArray());
        Assert.StartsWith("multipart/mixed;boundary=7a9cbec02ceef655", Text(m.FirstValue(HeaderId.ContentType)), StringComparison.Ordinal);
        Assert.True(m.TopVia.HasRport);
        Assert.Equal(5070, m.TopVia.Port);
        Assert.Equal(SipMethod.Message, m.Method);

        using var editor = new SipMessageEditor(m);
        Assert.Equal(file, editor.ToArray());
    }

    [Fact]
    public void Rfc4475_esc01_EscapesAreKeptAndCanBeResolved()
    {
        var m = Rfc4475("esc01");

        Assert.Equal("sips%3Auser%40example.com", Text(m.Uri.User));
        Assert.Equal("sips:user@example.com", m.Uri.UserText);
        Assert.Equal("example.net", Text(m.Uri.Host));
        Assert.Equal("user", m.To.Uri.UserText);
        Assert.Equal("I have spaces", m.From.Uri.UserText);
        Assert.Equal("application/sdp", Text(m.FirstValue(HeaderId.ContentType)));
        var contact = Assert.Single(Addresses(m, HeaderId.Contact));
        Assert.Equal("caller", contact.Uri.UserText);
        Assert.Equal(";%6C%72;n%61me=v%61lue%25%34%31", Text(contact.Uri.Parameters));
    }

    [Fact]
    public void Rfc4475_escnull_EscapedNulsStayInTheUser()
    {
        var m = Rfc4475("escnull");

        Assert.Equal("null-\0-null", m.To.Uri.UserText);
        Assert.Equal(["\0", "\0\0"], Addresses(m, HeaderId.Contact).Select(c => c.Uri.UserText).ToList());
        Assert.Equal(0, m.ContentLength);
    }

    [Fact]
    public void Rfc4475_lwsdisp_DisplayNameWithoutSpace()
    {
        Assert.Equal("caller", Text(Rfc4475("lwsdisp").From.DisplayName));
    }

    [Fact]
    public void Rfc4475_longreq_LongValuesAreRead()
    {
        var m = Rfc4475("longreq");

        Assert.Equal(3882340u, m.CSeq.Number);
        Assert.StartsWith("longreq.onereally", Text(m.CallId), StringComparison.Ordinal);
        Assert.Equal(6000, m.To.Uri.Port);
        Assert.True(m.From.Tag.Length > 100);
        Assert.Equal(m.ContentLength, m.BodyLength);
        Assert.True(Vias(m).Count > 10);
    }

    [Fact]
    public void Rfc4475_unreason_Utf8ReasonPhraseIsKept()
    {
        var m = Rfc4475("unreason");

        Assert.Equal(200, m.StatusCode);
        Assert.Equal("= 2**3 * 5**2 но сто девяносто девять - простое", Encoding.UTF8.GetString(m.ReasonPhrase));
        Assert.Equal(154, m.BodyLength);
    }

    [Fact]
    public void Rfc4475_noreason_EmptyReasonPhrase()
    {
        var m = Rfc4475("noreason");

        Assert.Equal(100, m.StatusCode);
        Assert.True(m.ReasonPhrase.IsEmpty);
        Assert.Equal("902jndnke3", Text(m.To.Tag));
    }

    [Fact]
    public void Rfc4475_bcast_SecondViaIsBroadcast()
    {
        var vias = Vias(Rfc4475("bcast"));

        Assert.Equal(["192.0.2.198", "255.255.255.255"], vias.Select(v => Text(v.Host)).ToList());
    }

    [Fact]
    public void Rfc4475_regescrt_EscapedUriHeaderIsKept()
    {
        var contact = Assert.Single(Addresses(Rfc4475("regescrt"), HeaderId.Contact));

        Assert.Equal("Route=%3Csip:sip.example.com%3E", Text(contact.Uri.Headers));
    }

    [Fact]
    public void Rfc4475_cparam01_ParameterBelongsToTheContact()
    {
        var contact = Assert.Single(Addresses(Rfc4475("cparam01"), HeaderId.Contact));

        Assert.True(contact.HasParameter("unknownparam"u8));
        Assert.False(contact.Uri.HasParameter("unknownparam"u8));
    }

    [Fact]
    public void Rfc4475_cparam02_ParameterBelongsToTheUri()
    {
        var contact = Assert.Single(Addresses(Rfc4475("cparam02"), HeaderId.Contact));

        Assert.False(contact.HasParameter("unknownparam"u8));
        Assert.True(contact.Uri.HasParameter("unknownparam"u8));
    }

    [Fact]
    public void Rfc4475_unksm2_OtherSchemesInHeaders()
    {
        var m = Rfc4475("unksm2");

        Assert.Equal(UriScheme.Other, m.To.Uri.Scheme);
        Assert.Equal("isbn:2983792873", Text(m.To.UriText));
        Assert.Equal(UriScheme.Other, m.From.Uri.Scheme);
        Assert.Equal(UriScheme.Other, Assert.Single(Addresses(m, HeaderId.Contact)).Uri.Scheme);
    }

    [Fact]
    public void Rfc4475_inv2543_NoBranchNoTagNoMaxForwardsNoContentLength()
    {
        var file = Vector("rfc4475", "inv2543");
        var m = Rfc4475("inv2543");

        Assert.False(m.TopVia.HasBranch);
        Assert.False(m.From.HasTag);
        Assert.Equal(-1, m.MaxForwards);
        Assert.Equal(-1, m.ContentLength);
        Assert.Equal(FileBody(file), m.Body.ToArray());
    }

    [Fact]
    public void Rfc4475_zeromf_MaxForwardsIsZero() =>
        Assert.Equal(0, Rfc4475("zeromf").MaxForwards);

    [Fact]
    public void Rfc4475_badbranch_CookieAloneIsNotRfc3261Branch()
    {
        var m = Rfc4475("badbranch");

        Assert.Equal("z9hG4bK", Text(m.TopVia.Branch));
        Assert.False(m.TopVia.HasMagicCookie);
    }

    [Fact]
    public void Rfc5118_ipv6good_HostsKeepTheirBrackets()
    {
        var m = Rfc5118("ipv6-good");

        Assert.Equal("[2001:db8::10]", Text(m.Uri.Host));
        Assert.Equal("2001:db8::10", m.Uri.HostText);
        Assert.Equal(0, m.Uri.Port);
        Assert.Equal("[2001:db8::9:1]", Text(m.TopVia.Host));
        Assert.Equal("[2001:db8::1]", Text(Assert.Single(Addresses(m, HeaderId.Contact)).Uri.Host));
    }

    [Fact]
    public void Rfc5118_portambiguous_HasNoPort()
    {
        var m = Rfc5118("port-ambiguous");

        Assert.Equal("[2001:db8::10:5070]", Text(m.Uri.Host));
        Assert.Equal(0, m.Uri.Port);
        Assert.Equal(5060, m.Uri.PortOrDefault(SipTransportKind.Udp));
    }

    [Fact]
    public void Rfc5118_portunambiguous_HasPort5070()
    {
        var m = Rfc5118("port-unambiguous");

        Assert.Equal("[2001:db8::10]", Text(m.Uri.Host));
        Assert.Equal(5070, m.Uri.Port);
    }

    [Fact]
    public void Rfc5118_viareceivedparamwithdelim_ReceivedKeepsBrackets() =>
        Assert.Equal("[2001:db8::9:255]", Text(Rfc5118("via-received-param-with-delim").TopVia.Received));

    [Fact]
    public void Rfc5118_viareceivedparamnodelim_ReceivedWithoutBrackets()
    {
        var m = Rfc5118("via-received-param-no-delim");

        Assert.Equal("2001:db8::9:255", Text(m.TopVia.Received));
        Assert.Equal("z9hG4bKas3", Text(m.TopVia.Branch));
    }

    [Fact]
    public void Rfc5118_multipinheader_EveryViaIsRead()
    {
        var vias = Vias(Rfc5118("mult-ip-in-header"));

        Assert.Equal(
            [("[2001:db8::9:1]", 6050, string.Empty), ("192.0.2.1", 0, string.Empty), ("[2001:db8::9:255]", 0, "192.0.2.200")],
            vias.Select(v => (Text(v.Host), v.Port, Text(v.Received))).ToList());
        Assert.Equal(SipTransportKind.Tcp, vias[2].Transport);
    }

    [Fact]
    public void Rfc5118_ipv4mappedipv6_MappedAddressInVia()
    {
        var m = Valid(Vector("rfc5118", "content-length-corrected/ipv4-mapped-ipv6"));

        Assert.Equal("[::ffff:192.0.2.10]", Text(m.TopVia.Host));
        Assert.Equal(19823, m.TopVia.Port);
        Assert.Equal(245, m.BodyLength);
    }

    [Fact]
    public void Rfc5118_ipv6correctabnf2colons_HostIsTheEmbeddedIpv4Form()
    {
        var m = Rfc5118("ipv6-correct-abnf-2-colons");

        Assert.Equal("[2001:db8::192.0.2.1]", Text(m.Uri.Host));
        Assert.Equal("[2001:db8::192.0.2.1]", Text(m.To.Uri.Host));
    }
}
