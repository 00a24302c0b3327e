using System.Text;

namespace Bridgehead.Sip;

/// <summary>
/// The one table of header names: long forms and the compact forms of RFC 3261 §7.3.3 and its
/// extensions (RFC 3265, 3515, 3892, 4028, 3841, 4474). Lookup is case-insensitive on bytes and
/// allocation-free; it switches on length and first letter before comparing.
/// </summary>
public static class KnownHeaders
{
    /// <summary>Identifies a header name as it appears on the wire.</summary>
    public static HeaderId Identify(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            return (name[0] | 0x20) switch
            {
                'v' => HeaderId.Via,
                'f' => HeaderId.From,
                't' => HeaderId.To,
                'i' => HeaderId.CallId,
                'm' => HeaderId.Contact,
                'l' => HeaderId.ContentLength,
                'c' => HeaderId.ContentType,
                'k' => HeaderId.Supported,
                's' => HeaderId.Subject,
                'e' => HeaderId.ContentEncoding,
                'o' => HeaderId.Event,
                'u' => HeaderId.AllowEvents,
                'r' => HeaderId.ReferTo,
                'b' => HeaderId.ReferredBy,
                'x' => HeaderId.SessionExpires,
                'a' => HeaderId.AcceptContact,
                'j' => HeaderId.RejectContact,
                'd' => HeaderId.RequestDisposition,
                'y' => HeaderId.Identity,
                _ => HeaderId.Unknown,
            };
        }

        // One table probe by length and first letter, then one comparison (two where two
        // names share both: Call-ID/Contact, Referred-By/Retry-After).
        if (name.IsEmpty || name.Length >= MaxNameLength)
        {
            return HeaderId.Unknown;
        }

        var slot = Slot(name.Length, name[0]);
        var first = Candidates[slot];
        if (first != HeaderId.Unknown && Ascii.EqualsIgnoreCase(name, Names[(int)first]))
        {
            return first;
        }

        var second = Candidates[slot + 1];
        return second != HeaderId.Unknown && Ascii.EqualsIgnoreCase(name, Names[(int)second]) ? second : HeaderId.Unknown;
    }

    /// <summary>The canonical long name used when Bridgehead writes a header itself.</summary>
    public static ReadOnlySpan<byte> Name(HeaderId id) => id switch
    {
        HeaderId.Via => "Via"u8,
        HeaderId.From => "From"u8,
        HeaderId.To => "To"u8,
        HeaderId.CallId => "Call-ID"u8,
        HeaderId.CSeq => "CSeq"u8,
        HeaderId.MaxForwards => "Max-Forwards"u8,
        HeaderId.ContentLength => "Content-Length"u8,
        HeaderId.ContentType => "Content-Type"u8,
        HeaderId.Contact => "Contact"u8,
        HeaderId.Route => "Route"u8,
        HeaderId.RecordRoute => "Record-Route"u8,
        HeaderId.Path => "Path"u8,
        HeaderId.Expires => "Expires"u8,
        HeaderId.MinExpires => "Min-Expires"u8,
        HeaderId.Authorization => "Authorization"u8,
        HeaderId.ProxyAuthorization => "Proxy-Authorization"u8,
        HeaderId.WwwAuthenticate => "WWW-Authenticate"u8,
        HeaderId.ProxyAuthenticate => "Proxy-Authenticate"u8,
        HeaderId.Require => "Require"u8,
        HeaderId.ProxyRequire => "Proxy-Require"u8,
        HeaderId.Supported => "Supported"u8,
        HeaderId.Unsupported => "Unsupported"u8,
        HeaderId.Allow => "Allow"u8,
        HeaderId.UserAgent => "User-Agent"u8,
        HeaderId.Server => "Server"u8,
        HeaderId.Subject => "Subject"u8,
        HeaderId.ContentEncoding => "Content-Encoding"u8,
        HeaderId.Event => "Event"u8,
        HeaderId.AllowEvents => "Allow-Events"u8,
        HeaderId.ReferTo => "Refer-To"u8,
        HeaderId.ReferredBy => "Referred-By"u8,
        HeaderId.SessionExpires => "Session-Expires"u8,
        HeaderId.AcceptContact => "Accept-Contact"u8,
        HeaderId.RejectContact => "Reject-Contact"u8,
        HeaderId.RequestDisposition => "Request-Disposition"u8,
        HeaderId.Identity => "Identity"u8,
        HeaderId.Accept => "Accept"u8,
        HeaderId.Date => "Date"u8,
        HeaderId.RetryAfter => "Retry-After"u8,
        HeaderId.Timestamp => "Timestamp"u8,
        HeaderId.Warning => "Warning"u8,
        HeaderId.Reason => "Reason"u8,
        HeaderId.Flow => "Flow-Timer"u8,
        HeaderId.Count => throw new ArgumentOutOfRangeException(nameof(id)),
        _ => throw new ArgumentOutOfRangeException(nameof(id)),
    };

    /// <summary>
    /// Headers that carry exactly one value (RFC 3261 §7.3.1 and §20): a request with two of
    /// them, or a comma list in one, cannot be processed (RFC 4475 §3.3.8, multi01).
    /// </summary>
    public static bool IsSingleValued(HeaderId id) =>
        id is HeaderId.From or HeaderId.To or HeaderId.CallId or HeaderId.CSeq or HeaderId.MaxForwards
            or HeaderId.ContentLength or HeaderId.ContentType or HeaderId.Expires or HeaderId.MinExpires;

    private const int MaxNameLength = 32;

    // Two candidates per (length, first letter); bit 5 is dropped so case does not matter.
    private static int Slot(int length, byte first) => ((length << 5) | (first & 0x1F)) << 1;

    // Built once from Name(id), so the long forms have a single source of truth.
    private static readonly byte[][] Names = BuildNames();

    private static readonly HeaderId[] Candidates = BuildCandidates();

    private static byte[][] BuildNames()
    {
        var names = new byte[(int)HeaderId.Count][];
        names[0] = [];
        for (var id = HeaderId.Via; id < HeaderId.Count; id++)
        {
            names[(int)id] = Name(id).ToArray();
        }

        return names;
    }

    private static HeaderId[] BuildCandidates()
    {
        // RFC 3261 §20.3 spells it "Call-ID"; some stacks send "Call-Id", which the
        // case-insensitive comparison already covers.
        var candidates = new HeaderId[MaxNameLength * 32 * 2];
        for (var id = HeaderId.Via; id < HeaderId.Count; id++)
        {
            var name = Name(id);
            var slot = Slot(name.Length, name[0]);
            var free = candidates[slot] == HeaderId.Unknown ? slot
                : candidates[slot + 1] == HeaderId.Unknown ? slot + 1
                : throw new InvalidOperationException("more than two header names share a length and first letter");
            candidates[free] = id;
        }

        return candidates;
    }
}
