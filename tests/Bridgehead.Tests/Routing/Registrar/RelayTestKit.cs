using System.Net;
using System.Text;
using Bridgehead.Routing;
using Bridgehead.Routing.Pool;
using Bridgehead.Routing.Registrar;
using Bridgehead.Sip;
using Bridgehead.Storage.Pool;

namespace Bridgehead.Tests.Routing.Registrar;

/// <summary>Switches, REGISTERs and answers for the registration-relay tests (an edge at 127.0.0.1:5060 UDP and :8080 WS).</summary>
internal static class RelayTestKit
{
    public static IPEndPoint Switch(int n) => new(IPAddress.Loopback, 5070 + n);

    public static FlowTestEdge Edge(RegistrationMode mode, int switches = 3, bool auth = false, string? pathAttribute = null, PoolOptions? pool = null, string? defaultRoute = null)
    {
        var edge = new FlowTestEdge(TimeSpan.FromSeconds(120), new RegistrarOptions { Mode = mode }, defaultRoute, pool ?? new PoolOptions(), auth);
        edge.PoolState!.Apply(
            [.. Enumerable.Range(1, switches).Select(n => new DispatcherRecord(n, 1, $"sip:127.0.0.1:{5070 + n}", Attributes: pathAttribute is null ? "" : $"path={pathAttribute}"))],
            []);
        return edge;
    }

    /// <summary>A UDP softphone's REGISTER (sipp/baresip-like) from 127.0.0.1:<paramref name="port"/>.</summary>
    public static string UdpRegister(string user, int port, int cseq, int expires = 600, string contactHost = "127.0.0.1", string? authorization = null) =>
        $"REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKreg{cseq}x{port};rport\r\nMax-Forwards: 70\r\n" +
        $"To: <sip:{user}@127.0.0.1>\r\nFrom: <sip:{user}@127.0.0.1>;tag=r{port}\r\nCall-ID: reg-{user}-{port}\r\nCSeq: {cseq} REGISTER\r\n" +
        $"Contact: <sip:{user}@{contactHost}:{port}>\r\nExpires: {expires}\r\n" +
        (authorization is null ? "" : $"Authorization: {authorization}\r\n") +
        "Content-Length: 0\r\n\r\n";

    /// <summary>A response as a UAS writes it (RFC 3261 §8.2.6): Vias, From, To (tagged), Call-ID and CSeq copied, then <paramref name="headers"/>.</summary>
    public static string Reply(SipMessage request, int status, string reason, params string[] headers)
    {
        var text = new StringBuilder().Append(System.Globalization.CultureInfo.InvariantCulture, $"SIP/2.0 {status} {reason}\r\n");
        foreach (var via in Values(request, HeaderId.Via))
        {
            text.Append("Via: ").Append(via).Append("\r\n");
        }

        foreach (var rr in Values(request, HeaderId.RecordRoute))
        {
            text.Append("Record-Route: ").Append(rr).Append("\r\n");
        }

        text.Append("From: ").Append(Values(request, HeaderId.From)[0]).Append("\r\n")
            .Append("To: ").Append(Values(request, HeaderId.To)[0]).Append(";tag=sw\r\n")
            .Append("Call-ID: ").Append(Values(request, HeaderId.CallId)[0]).Append("\r\n")
            .Append("CSeq: ").Append(Values(request, HeaderId.CSeq)[0]).Append("\r\n");
        foreach (var h in headers)
        {
            text.Append(h).Append("\r\n");
        }

        return text.Append("Content-Length: 0\r\n\r\n").ToString();
    }

    /// <summary>An INVITE a switch sends to a registered user (RFC 3327 §5.3: Request-URI the stored Contact, Route the stored Path).</summary>
    public static string SwitchInvite(string requestUri, string? route, int fromSwitch, string callId, string fromUser = "1000") =>
        $"INVITE {requestUri} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{5070 + fromSwitch};branch=z9hG4bK-{callId}\r\nMax-Forwards: 70\r\n" +
        (route is null ? "" : $"Route: {route}\r\n") +
        $"From: <sip:{fromUser}@127.0.0.1>;tag=fs1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: 1 INVITE\r\n" +
        $"Contact: <sip:mod_sofia@127.0.0.1:{5070 + fromSwitch}>\r\nContent-Length: 0\r\n\r\n";

    public static List<string> Values(SipMessage message, HeaderId id)
    {
        var values = new List<string>();
        foreach (var value in message.Values(id))
        {
            values.Add(Encoding.UTF8.GetString(value.Span));
        }

        return values;
    }

    /// <summary>The URI inside "&lt;…&gt;".</summary>
    public static string Inner(string nameAddress) => nameAddress[(nameAddress.IndexOf('<', StringComparison.Ordinal) + 1)..nameAddress.IndexOf('>', StringComparison.Ordinal)];
}
