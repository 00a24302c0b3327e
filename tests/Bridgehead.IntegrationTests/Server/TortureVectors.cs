namespace Bridgehead.IntegrationTests.Server;

/// <summary>
/// The expected handling of every RFC 4475 and RFC 5118 message by the running edge (auth off,
/// example.com local, a default route to a next hop that answers INVITE with 486 and anything
/// else with 200). Over TCP the framing vectors differ: a stream cannot be resynchronised after a
/// bad or too large Content-Length, so the connection is closed instead of answered.
/// </summary>
internal static class TortureVectors
{
    private const string Uri = "Bad Request (Malformed Request-URI)";

    /// <summary>(file under tests/vectors, handling, status, reason or log text).</summary>
    public static readonly (string Vector, VectorHandling Handling, int Status, string Text)[] Common =
    [
        // RFC 4475 §3.1.1: valid messages, processed normally.
        // wsinv is in-dialog (To has a tag) and loose-routed to services.example.com, which does not resolve here.
        ("rfc4475/wsinv", VectorHandling.Answered, 404, "Not Found (Next Hop Does Not Resolve)"),
        ("rfc4475/intmeth", VectorHandling.Forwarded, 200, ""),
        ("rfc4475/esc01", VectorHandling.Forwarded, 486, ""),
        ("rfc4475/escnull", VectorHandling.Registered, 200, ""),
        ("rfc4475/esc02", VectorHandling.Forwarded, 200, ""),
        ("rfc4475/lwsdisp", VectorHandling.Forwarded, 200, ""),
        ("rfc4475/longreq", VectorHandling.Forwarded, 486, ""),
        ("rfc4475/dblreq", VectorHandling.Registered, 200, ""),
        ("rfc4475/semiuri", VectorHandling.Forwarded, 200, ""),
        ("rfc4475/transports", VectorHandling.Forwarded, 200, ""),
        ("rfc4475/mpart01", VectorHandling.Forwarded, 200, ""),
        ("rfc4475/unreason", VectorHandling.Dropped, 0, ""),
        ("rfc4475/noreason", VectorHandling.Dropped, 0, ""),

        // §3.1.2: invalid messages.
        ("rfc4475/badinv01", VectorHandling.Rejected, 400, "Bad Request (Malformed Via)"),
        ("rfc4475/scalar02", VectorHandling.Rejected, 400, "Bad Request (Malformed CSeq)"),
        ("rfc4475/scalarlg", VectorHandling.DroppedAndLogged, 0, "BadCSeq"),
        ("rfc4475/quotbal", VectorHandling.Rejected, 400, "Bad Request (Malformed To)"),
        ("rfc4475/ltgtruri", VectorHandling.Rejected, 400, Uri),
        ("rfc4475/lwsruri", VectorHandling.Rejected, 400, Uri),
        ("rfc4475/lwsstart", VectorHandling.Rejected, 400, Uri),
        ("rfc4475/trws", VectorHandling.Rejected, 400, "Bad Request (Malformed Request-Line)"),
        ("rfc4475/escruri", VectorHandling.Rejected, 400, Uri),
        ("rfc4475/baddate", VectorHandling.Forwarded, 486, ""),
        ("rfc4475/regbadct", VectorHandling.Rejected, 400, "Bad Request (Malformed Contact)"),
        ("rfc4475/badaspec", VectorHandling.Rejected, 400, "Bad Request (Malformed To)"),
        ("rfc4475/baddn", VectorHandling.Rejected, 400, "Bad Request (Malformed From)"),
        ("rfc4475/badvers", VectorHandling.Rejected, 505, "Version Not Supported"),
        ("rfc4475/mismatch01", VectorHandling.Rejected, 400, "Bad Request (CSeq Method Does Not Match)"),
        ("rfc4475/mismatch02", VectorHandling.Rejected, 400, "Bad Request (CSeq Method Does Not Match)"),
        ("rfc4475/bigcode", VectorHandling.DroppedAndLogged, 0, "BadStatusCode"),

        // §3.2, §3.3: transaction and application layer.
        ("rfc4475/badbranch", VectorHandling.Forwarded, 200, ""),
        ("rfc4475/insuf", VectorHandling.Rejected, 400, "Bad Request (Missing Call-ID)"),
        ("rfc4475/unkscm", VectorHandling.Answered, 416, "Unsupported URI Scheme"),
        ("rfc4475/novelsc", VectorHandling.Answered, 416, "Unsupported URI Scheme"),
        ("rfc4475/unksm2", VectorHandling.Answered, 400, "Bad Request (To Is Not a SIP Address-of-Record)"),
        ("rfc4475/bext01", VectorHandling.Answered, 420, "Bad Extension"),
        ("rfc4475/invut", VectorHandling.Forwarded, 486, ""),
        ("rfc4475/regaut01", VectorHandling.Registered, 200, ""),
        ("rfc4475/multi01", VectorHandling.Rejected, 400, "Bad Request (Duplicate Single-Value Header)"),
        ("rfc4475/bcast", VectorHandling.Dropped, 0, ""),
        ("rfc4475/zeromf", VectorHandling.Answered, 483, "Too Many Hops"),
        ("rfc4475/cparam01", VectorHandling.Registered, 200, ""),
        ("rfc4475/cparam02", VectorHandling.Registered, 200, ""),
        ("rfc4475/regescrt", VectorHandling.Registered, 200, ""),
        ("rfc4475/sdp01", VectorHandling.Forwarded, 486, ""),
        ("rfc4475/inv2543", VectorHandling.Forwarded, 486, ""),
        ("rfc4475/test", VectorHandling.DroppedAndLogged, 0, "BadStartLine"),

        // RFC 5118 (IPv6 in headers and bodies; sent here over IPv4).
        ("rfc5118/ipv6-good", VectorHandling.Forwarded, 200, ""),
        ("rfc5118/ipv6-bad", VectorHandling.Rejected, 400, Uri),
        ("rfc5118/port-ambiguous", VectorHandling.Forwarded, 200, ""),
        ("rfc5118/port-unambiguous", VectorHandling.Forwarded, 200, ""),
        ("rfc5118/via-received-param-with-delim", VectorHandling.Answered, 404, "Not Here"),
        ("rfc5118/via-received-param-no-delim", VectorHandling.Forwarded, 200, ""),
        ("rfc5118/content-length-corrected/ipv6-in-sdp", VectorHandling.Forwarded, 486, ""),
        ("rfc5118/mult-ip-in-header", VectorHandling.Answered, 404, "Not Here"),
        ("rfc5118/mult-ip-in-sdp", VectorHandling.Forwarded, 486, ""),
        ("rfc5118/content-length-corrected/mult-ip-in-sdp", VectorHandling.Forwarded, 486, ""),
        ("rfc5118/ipv4-mapped-ipv6", VectorHandling.Forwarded, 486, ""),
        ("rfc5118/content-length-corrected/ipv4-mapped-ipv6", VectorHandling.Forwarded, 486, ""),
        ("rfc5118/ipv6-bug-abnf-3-colons", VectorHandling.Rejected, 400, Uri),
        ("rfc5118/ipv6-correct-abnf-2-colons", VectorHandling.Forwarded, 200, ""),
    ];

    /// <summary>Framing vectors over UDP: the datagram bounds the message, so each gets its 400.</summary>
    public static readonly (string Vector, VectorHandling Handling, int Status, string Text)[] DatagramFraming =
    [
        ("rfc4475/clerr", VectorHandling.Rejected, 400, "Bad Request (Content-Length Larger Than Message)"),
        ("rfc4475/ncl", VectorHandling.Rejected, 400, "Bad Request (Malformed Content-Length)"),
        ("rfc4475/mcl01", VectorHandling.Rejected, 400, "Bad Request (Malformed Content-Length)"),
        ("rfc5118/ipv6-in-sdp", VectorHandling.Rejected, 400, "Bad Request (Content-Length Larger Than Message)"),
    ];

    /// <summary>
    /// The same over a stream: a negative or doubled Content-Length cannot be framed (closed at once);
    /// one larger than what follows waits for octets that never come (closed at the incomplete-message timeout).
    /// </summary>
    public static readonly (string Vector, VectorHandling Handling, int Status, string Text)[] StreamFraming =
    [
        ("rfc4475/clerr", VectorHandling.Closed, 0, ""),
        ("rfc4475/ncl", VectorHandling.Closed, 0, ""),
        ("rfc4475/mcl01", VectorHandling.Closed, 0, ""),
        ("rfc5118/ipv6-in-sdp", VectorHandling.Closed, 0, ""),
    ];

    public static TheoryData<string, VectorHandling, int, string> Udp() => Data(Common.Concat(DatagramFraming));

    public static TheoryData<string, VectorHandling, int, string> Tcp() => Data(Common.Concat(StreamFraming));

    private static TheoryData<string, VectorHandling, int, string> Data(IEnumerable<(string, VectorHandling, int, string)> rows)
    {
        var data = new TheoryData<string, VectorHandling, int, string>();
        foreach (var (vector, handling, status, text) in rows)
        {
            data.Add(vector, handling, status, text);
        }

        return data;
    }
}
