using Bridgehead.AppNode.Sip;
using Bridgehead.Sip;

namespace Bridgehead.Doctor.Softphone;

/// <summary>A request of the doctor's softphone: RFC 3261 §8.1.1's headers plus the few a phone adds (Expires, credentials).</summary>
internal sealed record SoftphoneRequest(SipMethod Method, string RequestUri, string From, string To, string CallId, uint Sequence)
{
    public IReadOnlyList<string> Routes { get; init; } = [];

    public string? Contact { get; init; }

    public int? Expires { get; init; }

    /// <summary>Authorization or Proxy-Authorization, with its value.</summary>
    public (HeaderId Header, string Value)? Credentials { get; init; }

    public string? Sdp { get; init; }

    public byte[] Write(LocalContact local, string branch, string userAgent)
    {
        var body = Sdp is null ? [] : System.Text.Encoding.UTF8.GetBytes(Sdp);
        using var writer = new SipMessageWriter(1024 + body.Length);
        writer.Write(Method.Name()).Write((byte)' ').Write(RequestUri).Write(" SIP/2.0\r\n"u8);
        writer.Write("Via: SIP/2.0/"u8).Write(local.Transport.ViaToken()).Write((byte)' ').Write(local.HostPort).Write(";branch="u8).Write(branch).Write(";rport\r\n"u8);
        writer.WriteHeader(HeaderId.MaxForwards, 70);
        foreach (var route in Routes)
        {
            writer.WriteHeader(HeaderId.Route, route);
        }

        writer.WriteHeader(HeaderId.From, From);
        writer.WriteHeader(HeaderId.To, To);
        writer.WriteHeader(HeaderId.CallId, CallId);
        writer.Write("CSeq: "u8).WriteDecimal(Sequence).Write((byte)' ').Write(Method.Name()).WriteCrlf();
        if (Contact is not null)
        {
            writer.WriteHeader(HeaderId.Contact, Contact);
        }

        if (Expires is { } expires)
        {
            writer.WriteHeader(HeaderId.Expires, expires);
        }

        if (Credentials is { } credentials)
        {
            writer.WriteHeader(credentials.Header, credentials.Value);
        }

        if (Method == SipMethod.Invite)
        {
            writer.WriteHeader(HeaderId.Allow, RequestWriter.Allow);
        }

        writer.WriteHeader(HeaderId.UserAgent, userAgent);
        if (Sdp is not null)
        {
            writer.WriteHeader(HeaderId.ContentType, "application/sdp");
        }

        writer.WriteBody(body);
        return writer.ToArray();
    }
}
