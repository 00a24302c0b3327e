using System.Text;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Storage.Location;

namespace Bridgehead.Routing.Registrar;

public sealed partial class Registrar
{
    internal sealed record ContactPlan(string Uri, int Expires, int Q, string? InstanceId, int? RegId);

    internal sealed record RegisterPlan(bool Wildcard, List<ContactPlan> Contacts, string CallId, long CSeq);

    /// <summary>
    /// Reads what the REGISTER asks for (RFC 3261 §10.3 steps 5–7) without touching state: the AOR,
    /// each Contact with its expiry (Contact's expires, else the Expires header, else the default),
    /// q, and RFC 5626 instance/reg-id. Errors are the response to send.
    /// </summary>
    internal Outcome Plan(SipMessage request, out string aor, out RegisterPlan plan)
    {
        plan = new RegisterPlan(false, [], Encoding.UTF8.GetString(request.CallId.Span), request.CSeq.Number);
        if (!AddressOfRecord.TryCreate(request.To.Uri, _options.MultiDomain, out aor))
        {
            // RFC 4475 unksm2: the To of a REGISTER must be a SIP or SIPS AOR.
            return new Outcome(400, "Bad Request (To Is Not a SIP Address-of-Record)");
        }

        var headerExpires = -1L;
        if (request.Has(HeaderId.Expires))
        {
            headerExpires = ParseSeconds(request.FirstValue(HeaderId.Expires));
        }

        foreach (var value in request.Values(HeaderId.Contact))
        {
            if (!NameAddress.TryParse(value.Memory, out var contact, allowWildcard: true))
            {
                return new Outcome(400, "Bad Request (Malformed Contact)");
            }

            if (contact.IsWildcard)
            {
                plan = plan with { Wildcard = true };
                continue;
            }

            var expires = headerExpires >= 0 ? headerExpires : _options.DefaultExpires;
            if (contact.TryGetParameter("expires"u8, out var expiresParam))
            {
                expires = ParseSeconds(SipParameters.Unquote(expiresParam.Span));
                if (expires < 0)
                {
                    return new Outcome(400, "Bad Request (Malformed Contact Expires)");
                }
            }

            if (expires < 0)
            {
                return new Outcome(400, "Bad Request (Malformed Expires)");
            }

            if (expires != 0 && expires < _options.MinExpires)
            {
                return new Outcome(423, "Interval Too Brief", _options.MinExpires);
            }

            var q = 1000;
            if (contact.TryGetParameter("q"u8, out var qParam) && !TryParseQ(qParam.Span, out q))
            {
                return new Outcome(400, "Bad Request (Malformed q)");
            }

            string? instance = null;
            if (contact.TryGetParameter("+sip.instance"u8, out var instanceParam))
            {
                instance = Encoding.UTF8.GetString(SipParameters.Unquote(instanceParam.Span));
            }

            int? regId = null;
            if (contact.TryGetParameter("reg-id"u8, out var regIdParam) && SipText.TryParseInt32(regIdParam.Span, out var id))
            {
                regId = id;
            }

            var seconds = (int)Math.Min(expires, _options.MaxExpires);
            plan.Contacts.Add(new ContactPlan(Encoding.UTF8.GetString(contact.UriText.Span), seconds, q, instance, regId));
        }

        if (plan.Wildcard && (plan.Contacts.Count > 0 || headerExpires != 0))
        {
            // RFC 3261 §10.2.2: "*" only alone and only with Expires: 0.
            return new Outcome(400, "Bad Request (Wildcard Contact Needs Expires 0 and No Other Contact)");
        }

        return default;
    }

    /// <summary>Turns the plan into operations under the AOR lock, enforcing Call-ID/CSeq order (§10.3 step 7).</summary>
    private Outcome Decide(ServerTransaction transaction, string aor, RegisterPlan plan, System.Collections.Immutable.ImmutableArray<BindingRecord> current, string listenerName, DateTimeOffset now, out LocationChange? change)
    {
        change = null;
        var operations = new List<LocationOperation>();
        var live = new List<BindingRecord>(current.Length);
        foreach (var b in current)
        {
            if (!b.IsExpiredAt(now))
            {
                live.Add(b);
            }
        }

        if (plan.Wildcard)
        {
            foreach (var binding in live)
            {
                if (IsOutOfOrder(binding, plan))
                {
                    return OutOfOrder;
                }
            }

            if (current.Length > 0)
            {
                change = LocationChange.RemoveAll(aor);
            }

            return default;
        }

        var remaining = live.Count;
        var request = transaction.Request;
        var source = transaction.Source;
        foreach (var contact in plan.Contacts)
        {
            var existing = Match(live, contact);
            if (existing is not null && IsOutOfOrder(existing, plan))
            {
                return OutOfOrder;
            }

            if (contact.Expires == 0)
            {
                if (existing is not null)
                {
                    operations.Add(LocationOperation.Remove(existing.ContactUri));
                    live.Remove(existing);
                    remaining--;
                }

                continue;
            }

            if (existing is not null && !string.Equals(existing.ContactUri, contact.Uri, StringComparison.Ordinal))
            {
                // RFC 5626 §6: the same instance and reg-id replace the old flow's binding; one
                // binding goes and one comes, so the count toward MaxContacts does not change.
                operations.Add(LocationOperation.Remove(existing.ContactUri));
                live.Remove(existing);
            }
            else if (existing is null)
            {
                remaining++;
            }

            // A refresh keeps the strings of the binding it replaces wherever they are unchanged:
            // the new record outlives the young generation, and equal new strings would too.
            operations.Add(LocationOperation.Upsert(new BindingRecord
            {
                Aor = Unchanged(aor, existing?.Aor),
                ContactUri = Unchanged(contact.Uri, existing?.ContactUri),
                Q = contact.Q,
                ExpiresAt = now.AddSeconds(contact.Expires),
                CallId = Unchanged(plan.CallId, existing?.CallId),
                CSeq = plan.CSeq,
                Transport = source.Transport,
                Source = Unchanged(source.EndPoint.ToString(), existing?.Source),
                LocalListener = Unchanged(listenerName, existing?.LocalListener),
                ConnectionId = source.ConnectionId,
                InstanceId = Unchanged(contact.InstanceId, existing?.InstanceId),
                RegId = contact.RegId,
                Path = Unchanged(JoinValues(request, HeaderId.Path), existing?.Path),
                UserAgent = Unchanged(request.Has(HeaderId.UserAgent) ? Encoding.UTF8.GetString(request.FirstValue(HeaderId.UserAgent)) : null, existing?.UserAgent),
                UpdatedAt = now,
            }));
        }

        if (remaining > _options.MaxContacts)
        {
            return new Outcome(403, "Forbidden (Too Many Contacts)");
        }

        if (operations.Count > 0)
        {
            change = new LocationChange(aor, [.. operations]);
        }

        return default;
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    private static string? Unchanged(string? value, string? previous) =>
        string.Equals(value, previous, StringComparison.Ordinal) ? previous : value;

    private static readonly Outcome OutOfOrder = new(500, "Server Internal Error (Out of Order CSeq)");

    private static bool IsOutOfOrder(BindingRecord existing, RegisterPlan plan) =>
        string.Equals(existing.CallId, plan.CallId, StringComparison.Ordinal) && plan.CSeq <= existing.CSeq;

    private static BindingRecord? Match(List<BindingRecord> live, ContactPlan contact)
    {
        if (contact.InstanceId is not null)
        {
            foreach (var b in live)
            {
                if (string.Equals(b.InstanceId, contact.InstanceId, StringComparison.Ordinal) && b.RegId == contact.RegId)
                {
                    return b;
                }
            }
        }

        foreach (var b in live)
        {
            if (string.Equals(b.ContactUri, contact.Uri, StringComparison.Ordinal))
            {
                return b;
            }
        }

        return null;
    }

    private static string? JoinValues(SipMessage request, HeaderId id)
    {
        List<string>? values = null;
        foreach (var value in request.Values(id))
        {
            (values ??= []).Add(Encoding.UTF8.GetString(value.Span));
        }

        return values is null ? null : string.Join(", ", values);
    }

    /// <summary>delta-seconds; values past 2**32-1 are that (RFC 3261 §20.19); -1 when not digits.</summary>
    private static long ParseSeconds(ReadOnlySpan<byte> text)
    {
        text = SipText.TrimLws(text);
        if (text.IsEmpty || text.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return -1;
        }

        return SipText.TryParseUInt32(text, out var value) ? value : uint.MaxValue;
    }

    // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in permille.
    private static bool TryParseQ(ReadOnlySpan<byte> text, out int permille)
    {
        permille = 0;
        if (text.IsEmpty || text[0] is not ((byte)'0' or (byte)'1'))
        {
            return false;
        }

        var whole = text[0] - '0';
        var fraction = 0;
        var digits = 0;
        if (text.Length > 1)
        {
            if (text[1] != '.' || text.Length > 5)
            {
                return false;
            }

            foreach (var b in text[2..])
            {
                if (!SipText.IsDigit(b))
                {
                    return false;
                }

                fraction = (fraction * 10) + (b - '0');
                digits++;
            }
        }

        while (digits++ < 3)
        {
            fraction *= 10;
        }

        permille = (whole * 1000) + fraction;
        return permille <= 1000;
    }
}
