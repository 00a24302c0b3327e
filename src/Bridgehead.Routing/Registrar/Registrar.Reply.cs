using System.Collections.Immutable;
using System.Globalization;
using Bridgehead.Sip;
using Bridgehead.Sip.Transactions;
using Bridgehead.Storage.Location;

namespace Bridgehead.Routing.Registrar;

public sealed partial class Registrar
{
    private static void ReplyOk(ServerTransaction transaction, ImmutableArray<BindingRecord> bindings, DateTimeOffset now) =>
        transaction.SendResponse(200, OkResponse(transaction, bindings, now));

    /// <summary>The 200 OK lists every current binding with its remaining time (RFC 3261 §10.3 step 8).</summary>
    private static byte[] OkResponse(ServerTransaction transaction, ImmutableArray<BindingRecord> bindings, DateTimeOffset now)
    {
        var request = transaction.Request;
        using var writer = SipResponses.Start(request, 200, "OK"u8, transaction.Source.EndPoint, ToTag(request));
        foreach (var b in bindings)
        {
            var remaining = (long)Math.Ceiling((b.ExpiresAt - now).TotalSeconds);
            if (remaining <= 0)
            {
                continue;
            }

            writer.Write("Contact: <"u8).Write(b.ContactUri).Write(">;expires="u8).WriteDecimal(remaining);
            if (b.Q != BindingRecord.MaxQ)
            {
                writer.Write(";q="u8).Write(FormatQ(b.Q));
            }

            writer.WriteCrlf();
        }

        // RFC 3327 §5.3: a registrar that stores Path echoes it when the UA supports it.
        foreach (var path in request.Values(HeaderId.Path))
        {
            writer.WriteHeader(HeaderId.Path, path.Span);
        }

        writer.WriteHeader(HeaderId.Date, now);
        writer.WriteBody(default);
        return writer.ToArray();
    }

    private static void Reply(ServerTransaction transaction, Outcome outcome)
    {
        var request = transaction.Request;
        using var writer = SipResponses.Start(request, outcome.Status, outcome.Reason, transaction.Source.EndPoint, ToTag(request));
        if (outcome.Status == 423)
        {
            writer.WriteHeader(HeaderId.MinExpires, outcome.MinExpires);
        }

        writer.WriteBody(default);
        transaction.SendResponse(outcome.Status, writer.ToArray());
    }

    /// <summary>A To tag derived from the request, so retransmitted REGISTERs get the same one.</summary>
    internal static byte[] ToTag(SipMessage request) => Tags.For(request);

    private static string FormatQ(int permille) => (permille / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
