using System.Text;
using Bridgehead.Sip;
using CsCheck;

namespace Bridgehead.Tests.Sip;

/// <summary>One header line of a generated message: the name as written and the value exactly as it must read back.</summary>
internal sealed record GeneratedHeader(string Name, HeaderId Id, string Value, string BeforeColon, string AfterColon);

/// <summary>A generated message and the facts it was built from, so a parse can be checked against them.</summary>
internal sealed record GeneratedMessage(
    byte[] Bytes,
    bool IsRequest,
    string StartToken,
    string RequestUri,
    int StatusCode,
    string Reason,
    GeneratedHeader[] Headers,
    byte[] Body,
    string CallId,
    uint CSeqNumber,
    int MaxForwards,
    string FromTag,
    int ViaCount,
    int RouteCount,
    bool BareLineFeeds)
{
    public override string ToString() => Encoding.UTF8.GetString(Bytes);
}

/// <summary>
/// Grammatical SIP messages from random parts (RFC 3261 §25): methods known and extension,
/// URIs with users, IPv4/IPv6/domain hosts, ports and parameters; header names in long,
/// compact and mixed case; white space around colons; folded values; quoted display names with
/// escapes; bodies of arbitrary octets; CRLF or bare-LF line ends.
/// </summary>
internal static class SipMessageGenerator
{
    private const string Alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string TokenChars = Alpha + Digits + "-.!%*_+`'~";

    private static readonly Gen<string> Token = Gen.Char[TokenChars].Array[1, 10].Select(a => new string(a));

    private static readonly Gen<string> Label = Gen.Char[Alpha + Digits].Array[1, 8].Select(a => new string(a));

    private static readonly Gen<string> Domain = Label.Array[1, 4].Select(a => string.Join('.', a) + ".example");

    private static readonly Gen<string> Ipv4 = Gen.Int[0, 255].Array[4].Select(a => string.Join('.', a));

    private static readonly Gen<string> Ipv6 = Gen.Int[0, 0xffff].Array[2, 5].Select(a => "[2001:db8::" + string.Join(':', a.Select(x => x.ToString("x", System.Globalization.CultureInfo.InvariantCulture))) + "]");

    private static readonly Gen<string> Host = Gen.OneOf(Domain, Ipv4, Ipv6);

    private static readonly Gen<string> Port = Gen.Frequency((2, Gen.Const(string.Empty)), (1, Gen.Int[1, 65535].Select(p => ":" + p)));

    private static readonly Gen<string> Escape = Gen.Int[0, 255].Select(b => "%" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));

    private static readonly Gen<string> User = Gen.OneOf(
            Gen.Char[Alpha + Digits + "-_.!~*'()&=+$,;?/"].Array[1, 6].Select(a => new string(a)),
            Escape)
        .Array[1, 4].Select(parts => string.Concat(parts));

    private static readonly Gen<string> UriParameter = Gen.OneOf(
        Gen.Const(";lr"),
        Gen.OneOfConst(";transport=udp", ";transport=tcp", ";transport=ws", ";transport=TLS"),
        Gen.Select(Gen.Char[Alpha].Array[1, 5], Gen.Char[Alpha + Digits + "-_.!~*'()%"].Array[0, 5], (n, v) => ";" + new string(n) + (v.Length == 0 || v.Contains('%') ? string.Empty : "=" + new string(v))));

    private static readonly Gen<string> SipUriText =
        from scheme in Gen.OneOfConst("sip", "sips", "SIP")
        from user in Gen.Frequency((3, User.Select(u => u + "@")), (1, Gen.Const(string.Empty)))
        from host in Host
        from port in Port
        from parameters in UriParameter.Array[0, 3]
        select scheme + ":" + user + host + port + string.Concat(parameters);

    private static readonly Gen<string> QuotedDisplay = Gen.OneOf(
            Gen.Char[Alpha + Digits + " ,;:<>@()"].Array[1, 6].Select(a => new string(a)),
            Gen.OneOfConst("\\\"", "\\\\", "é", "名前"))
        .Array[0, 4].Select(parts => "\"" + string.Concat(parts) + "\"");

    private static readonly Gen<string> TokenDisplay = Token.Array[1, 3].Select(t => string.Join(' ', t));

    private static readonly Gen<string> HeaderParameter =
        Gen.Select(Token, Gen.OneOf(Gen.Const(string.Empty), Token.Select(t => "=" + t), Gen.Const("=\"a; b, c\"")), Gen.OneOfConst(";", " ;", "; "), (n, v, semi) => semi + n + v);

    private static Gen<string> NameAddr(Gen<string> parameters) =>
        from display in Gen.Frequency((1, Gen.Const(string.Empty)), (1, QuotedDisplay.Select(d => d + " ")), (1, TokenDisplay.Select(d => d + " ")))
        from uri in SipUriText
        from p in parameters
        select display + "<" + uri + ">" + p;

    private static readonly Gen<string> Parameters = HeaderParameter.Array[0, 2].Select(a => string.Concat(a));

    private static readonly Gen<string> Fold = Gen.Frequency((4, Gen.Const(" ")), (1, Gen.OneOfConst("\r\n ", "\r\n\t", " \r\n  ")));

    private static readonly Gen<string> ListSeparator = Gen.Frequency((4, Gen.OneOfConst(", ", ",")), (1, Gen.OneOfConst(",\r\n ", " ,\r\n\t")));

    private static Gen<string> List(Gen<string> value, int min, int max) =>
        from values in value.Array[min, max]
        from separators in ListSeparator.Array[max]
        select string.Concat(values.Select((v, i) => i == 0 ? v : separators[i] + v));

    private static readonly Gen<string> Transport = Gen.OneOfConst("UDP", "TCP", "TLS", "WS", "WSS", "SCTP", "udp");

    private static readonly Gen<string> ViaValue =
        from slash in Gen.Frequency((5, Gen.Const("/")), (1, Gen.OneOfConst(" / ", "/ ", " /")))
        from transport in Transport
        from host in Host
        from port in Port
        from branch in Token
        from rport in Gen.OneOfConst(string.Empty, ";rport", ";rport=5060")
        from received in Gen.OneOf(Gen.Const(string.Empty), Ipv4.Select(a => ";received=" + a))
        select "SIP" + slash + "2.0" + slash + transport + " " + host + port + ";branch=z9hG4bK" + branch + rport + received;

    private static readonly Gen<string> Word = Gen.Char[TokenChars + "()<>:\\\"/[]?{}"].Array[1, 12].Select(a => new string(a));

    private static readonly Gen<string> FreeText =
        from words in Gen.OneOf(Token, Gen.OneOfConst("héllo", "日本", "a=b", "(x)", "\"q\"", ";;,,")).Array[1, 5]
        from folds in Fold.Array[5]
        select string.Concat(words.Select((w, i) => i == 0 ? w : folds[i] + w));

    private static readonly (HeaderId Id, string? Compact)[] CompactForms =
    [
        (HeaderId.Via, "v"), (HeaderId.From, "f"), (HeaderId.To, "t"), (HeaderId.CallId, "i"), (HeaderId.Contact, "m"),
        (HeaderId.ContentLength, "l"), (HeaderId.ContentType, "c"), (HeaderId.Supported, "k"), (HeaderId.Subject, "s"),
    ];

    private static Gen<string> NameFor(HeaderId id)
    {
        var canonical = Encoding.ASCII.GetString(KnownHeaders.Name(id));
        var compact = CompactForms.FirstOrDefault(c => c.Id == id).Compact;
        var forms = new List<Gen<string>>
        {
            Gen.Const(canonical),
            Gen.Const(canonical.ToUpperInvariant()),
            Gen.Bool.Array[canonical.Length].Select(flags => new string(canonical.Select((c, i) => flags[i] ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)).ToArray())),
        };
        if (compact is not null)
        {
            forms.Add(Gen.Const(compact));
            forms.Add(Gen.Const(compact.ToUpperInvariant()));
        }

        return Gen.OneOf([.. forms]);
    }

    private static Gen<GeneratedHeader> Header(HeaderId id, Gen<string> value) =>
        from name in NameFor(id)
        from before in Gen.Frequency((6, Gen.Const(string.Empty)), (1, Gen.OneOfConst(" ", "\t", "   ")))
        from after in Gen.Frequency((1, Gen.Const(string.Empty)), (6, Gen.Const(" ")), (1, Gen.OneOfConst("  ", "\t", "\r\n ")))
        from v in value
        select new GeneratedHeader(name, id, v, before, after);

    private static readonly Gen<GeneratedHeader> UnknownHeader =
        from name in Token.Select(t => "X-" + t)
        from before in Gen.OneOfConst(string.Empty, " ")
        from value in FreeText
        select new GeneratedHeader(name, HeaderId.Unknown, value, before, " ");

    private static readonly Gen<GeneratedHeader> OptionalHeader = Gen.OneOf(
        Header(HeaderId.Contact, List(NameAddr(Parameters), 1, 3)),
        Header(HeaderId.RecordRoute, List(NameAddr(Gen.Const(string.Empty)), 1, 2)),
        Header(HeaderId.Supported, List(Token, 1, 4)),
        Header(HeaderId.Allow, List(Gen.OneOfConst("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS"), 1, 5)),
        Header(HeaderId.UserAgent, FreeText),
        Header(HeaderId.Subject, FreeText),
        Header(HeaderId.ContentType, Gen.OneOfConst("application/sdp", "multipart/mixed;boundary=xyz", "text/plain; charset=UTF-8")),
        Header(HeaderId.Expires, Gen.Int[0, 100000].Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        UnknownHeader,
        UnknownHeader);

    private static readonly Gen<string> Method = Gen.Frequency(
        (4, Gen.OneOfConst("INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "INFO", "PRACK", "UPDATE", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "PUBLISH")),
        (1, Token));

    private static readonly Gen<string> Reason = Gen.OneOf(FreeText.Select(t => t.Replace("\r\n", " ", StringComparison.Ordinal)), Gen.Const(string.Empty));

    private static readonly Gen<(bool IsRequest, string Method, string RequestUri, int Status, string Reason)> StartLine =
        from isRequest in Gen.Frequency((3, Gen.Const(true)), (1, Gen.Const(false)))
        from method in Method
        from requestUri in SipUriText
        from status in Gen.Int[100, 699]
        from reason in Reason
        select (isRequest, method, requestUri, status, reason);

    private static readonly Gen<(string FromTag, string ToTag, string CallId, uint CSeq, int MaxForwards)> Identity =
        from fromTag in Token
        from toTag in Gen.OneOf(Gen.Const(string.Empty), Token)
        from callId in Gen.Select(Word, Gen.OneOf(Gen.Const(string.Empty), Word.Select(w => "@" + w)), (a, b) => a + b)
        from cseq in Gen.UInt[0u, int.MaxValue]
        from maxForwards in Gen.Int[0, 255]
        select (fromTag, toTag, callId, cseq, maxForwards);

    public static readonly Gen<GeneratedMessage> Message =
        from start in StartLine
        from id in Identity
        from vias in Header(HeaderId.Via, List(ViaValue, 1, 3)).Array[1, 2]
        from routes in Header(HeaderId.Route, List(NameAddr(Gen.Const(string.Empty)), 1, 3)).Array[0, 2]
        from fromHeader in Header(HeaderId.From, NameAddr(Gen.Const(";tag=" + id.FromTag)))
        from toHeader in Header(HeaderId.To, NameAddr(Gen.Const(id.ToTag.Length > 0 ? ";tag=" + id.ToTag : string.Empty)))
        from callIdHeader in Header(HeaderId.CallId, Gen.Const(id.CallId))
        from cseqHeader in Header(HeaderId.CSeq, Gen.OneOfConst(" ", "  ", "\r\n ").Select(s => id.CSeq + s + start.Method))
        from maxForwardsHeader in Header(HeaderId.MaxForwards, Gen.Const(id.MaxForwards.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        from optional in OptionalHeader.Array[0, 6]
        from positions in Gen.Int[0, 1000].Array[20]
        from body in Gen.Frequency((1, Gen.Const(Array.Empty<byte>())), (3, Gen.Byte.Array[1, 300]))
        from contentLength in Gen.Int[0, 2]
        from bareLineFeeds in Gen.Frequency((5, Gen.Const(false)), (1, Gen.Const(true)))
        select Build(start, id, vias, routes, [fromHeader, toHeader, callIdHeader, cseqHeader, maxForwardsHeader], optional, positions, body, contentLength, bareLineFeeds);

    private static GeneratedMessage Build(
        (bool IsRequest, string Method, string RequestUri, int Status, string Reason) start,
        (string FromTag, string ToTag, string CallId, uint CSeq, int MaxForwards) id,
        GeneratedHeader[] vias,
        GeneratedHeader[] routes,
        GeneratedHeader[] required,
        GeneratedHeader[] optional,
        int[] positions,
        byte[] body,
        int contentLengthForm,
        bool bareLineFeeds)
    {
        // Vias keep their order (the first is the top Via); every other header goes anywhere.
        var headers = new List<GeneratedHeader>(vias);
        var others = new List<GeneratedHeader>(required.Where(h => start.IsRequest || h.Id != HeaderId.MaxForwards));
        if (start.IsRequest)
        {
            others.AddRange(routes);
        }

        others.AddRange(optional);
        if (contentLengthForm > 0)
        {
            others.Add(new GeneratedHeader(contentLengthForm == 1 ? "Content-Length" : "l", HeaderId.ContentLength, body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Empty, " "));
        }

        for (var i = 0; i < others.Count; i++)
        {
            headers.Insert(positions[i % positions.Length] % (headers.Count + 1), others[i]);
        }

        string Fix(string s) => bareLineFeeds ? s.Replace("\r\n", "\n", StringComparison.Ordinal) : s;
        var nl = bareLineFeeds ? "\n" : "\r\n";
        var written = headers.Select(h => h with { Value = Fix(h.Value), AfterColon = Fix(h.AfterColon) }).ToArray();

        var text = new StringBuilder();
        text.Append(start.IsRequest ? $"{start.Method} {start.RequestUri} SIP/2.0" : $"SIP/2.0 {start.Status} {start.Reason}").Append(nl);
        foreach (var h in written)
        {
            text.Append(h.Name).Append(h.BeforeColon).Append(':').Append(h.AfterColon).Append(h.Value).Append(nl);
        }

        text.Append(nl);
        byte[] bytes = [.. Encoding.UTF8.GetBytes(text.ToString()), .. body];
        return new GeneratedMessage(
            bytes,
            start.IsRequest,
            start.IsRequest ? start.Method : "SIP/2.0",
            start.RequestUri,
            start.Status,
            start.Reason,
            written,
            body,
            id.CallId,
            id.CSeq,
            id.MaxForwards,
            id.FromTag,
            vias.Sum(v => v.Value.Split(',').Length),
            start.IsRequest ? routes.Sum(r => CountNameAddrs(r.Value)) : 0,
            bareLineFeeds);
    }

    // Commas inside quoted display names and angle brackets do not separate values.
    private static int CountNameAddrs(string list)
    {
        var count = 1;
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < list.Length; i++)
        {
            switch (list[i])
            {
                case '\\' when quoted: i++; break;
                case '"' when !bracket: quoted = !quoted; break;
                case '<' when !quoted: bracket = true; break;
                case '>' when !quoted: bracket = false; break;
                case ',' when !quoted && !bracket: count++; break;
            }
        }

        return count;
    }
}
