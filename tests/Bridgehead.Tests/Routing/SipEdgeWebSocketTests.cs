using System.Net;
using System.Text;
using Bridgehead.Sip;
using Bridgehead.Tests.Routing.Registrar;

namespace Bridgehead.Tests.Routing;

/// <summary>
/// Dialogs that cross from WebSocket to UDP: the switch never sees ";transport=ws" in a Contact or
/// Record-Route, and its in-dialog requests come back to the browser over the browser's connection.
/// </summary>
public sealed class SipEdgeWebSocketTests
{
    private static readonly IPEndPoint Switch = new(IPAddress.Loopback, 5070);

    [Fact]
    public void BrowserCallsTheSwitch_TheSwitchSeesNoWebSocketTransportAndItsByeReachesTheBrowsersConnection()
    {
        using var edge = new FlowTestEdge(TimeSpan.FromSeconds(120), defaultRoute: $"sip:{Switch}");
        var browser = edge.OpenWebSocket(40001);

        edge.Receive(browser, JsSipInvite("1000"));

        var (toSwitch, invite) = Assert.Single(edge.Sender.Requests(SipMethod.Invite));
        Assert.Equal(SipTransportKind.Udp, toSwitch.Transport);
        Assert.Equal(Switch, toSwitch.EndPoint);
        var contact = Assert.Single(Values(invite, HeaderId.Contact));
        var recordRoutes = Values(invite, HeaderId.RecordRoute);
        Assert.DoesNotContain("transport=ws", contact, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("<sip:uj4kbdtm@127.0.0.1:5060;lr;bhflow=", contact, StringComparison.Ordinal);
        Assert.Equal(["<sip:127.0.0.1:5060;lr>", "<sip:127.0.0.1:8080;lr>"], recordRoutes);

        // RFC 3581 on WebSocket too: the browser's .invalid Via gets the address it really came from.
        var vias = Values(invite, HeaderId.Via);
        Assert.Equal(2, vias.Count);
        Assert.StartsWith("SIP/2.0/UDP 127.0.0.1:5060;branch=", vias[0], StringComparison.Ordinal);
        Assert.Equal("SIP/2.0/WS pfqdplc1m9l2.invalid;branch=z9hG4bK7910467;received=127.0.0.1", vias[1]);

        // The switch answers, then hangs up following RFC 3261 §12: Route = Record-Route, R-URI = Contact.
        edge.ReceiveUdp(Switch, Answer(invite, "<sip:1000@127.0.0.1:5070>"));
        var (toBrowser, ok) = Assert.Single(edge.Sender.Sent, s => s.Message.IsResponse && s.Message.StatusCode == 200);
        Assert.Equal(browser.Id, toBrowser.ConnectionId);
        Assert.Equal(["<sip:1000@127.0.0.1:5070>"], Values(ok, HeaderId.Contact));
        edge.ReceiveUdp(Switch, Bye(invite, contact[1..contact.IndexOf('>', StringComparison.Ordinal)], recordRoutes));

        var (byeTo, bye) = Assert.Single(edge.Sender.Requests(SipMethod.Bye));
        Assert.Equal(browser.Id, byeTo.ConnectionId);
        Assert.Equal(SipTransportKind.Ws, byeTo.Transport);
        Assert.Equal("sip:uj4kbdtm@pfqdplc1m9l2.invalid;transport=ws;ob", bye.Uri.ToString());
        Assert.Empty(Values(bye, HeaderId.Route));
    }

    [Fact]
    public void SwitchCallsTheBrowser_TheBrowsersAnswerCarriesTheEdgesContactAndTheSwitchsAckGoesBackOverTheConnection()
    {
        using var edge = new FlowTestEdge(TimeSpan.FromSeconds(120));
        var browser = edge.OpenWebSocket(40001);
        edge.Receive(browser, FlowTestEdge.JsSipRegister("bob", "q7ffqecp", "pfqdplc1m9l2", 1, 600));

        edge.ReceiveUdp(Switch, FlowTestEdge.Invite("bob", "orig1").Replace("127.0.0.1:5090", "127.0.0.1:5070", StringComparison.Ordinal));
        var (_, toBrowser) = Assert.Single(edge.Sender.Requests(SipMethod.Invite));
        Assert.Equal(["<sip:127.0.0.1:8080;lr>", "<sip:127.0.0.1:5060;lr>"], Values(toBrowser, HeaderId.RecordRoute));
        edge.Receive(browser, Answer(toBrowser, "<sip:q7ffqecp@pfqdplc1m9l2.invalid;transport=ws>"));

        var (toSwitch, ok) = Assert.Single(edge.Sender.Sent, s => s.Message.IsResponse && s.Message.StatusCode == 200 && s.Destination.EndPoint.Equals(Switch));
        Assert.Equal(SipTransportKind.Udp, toSwitch.Transport);
        var contact = Assert.Single(Values(ok, HeaderId.Contact));
        Assert.DoesNotContain("transport=ws", contact, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("<sip:q7ffqecp@127.0.0.1:5060;lr;bhflow=", contact, StringComparison.Ordinal);

        var ack = $"ACK {contact[1..contact.IndexOf('>', StringComparison.Ordinal)]} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKack1\r\n" +
            "Route: <sip:127.0.0.1:5060;lr>, <sip:127.0.0.1:8080;lr>\r\nMax-Forwards: 70\r\nFrom: <sip:carol@127.0.0.1>;tag=c1\r\n" +
            $"To: <sip:bob@127.0.0.1>;tag=callee\r\nCall-ID: orig1@softphone\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
        edge.ReceiveUdp(Switch, ack);

        var (ackTo, forwardedAck) = Assert.Single(edge.Sender.Requests(SipMethod.Ack));
        Assert.Equal(browser.Id, ackTo.ConnectionId);
        Assert.Equal("sip:q7ffqecp@pfqdplc1m9l2.invalid;transport=ws", forwardedAck.Uri.ToString());
    }

    private static string JsSipInvite(string user) =>
        $"INVITE sip:{user}@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS pfqdplc1m9l2.invalid;branch=z9hG4bK7910467\r\nMax-Forwards: 69\r\n" +
        $"To: <sip:{user}@127.0.0.1>\r\nFrom: \"carol\" <sip:carol@127.0.0.1>;tag=a0fij3rtsf\r\nCall-ID: 0a6jakfdh33p9142duvg\r\nCSeq: 7163 INVITE\r\n" +
        "Contact: <sip:uj4kbdtm@pfqdplc1m9l2.invalid;transport=ws;ob>\r\nSupported: ice,replaces,outbound\r\nUser-Agent: JsSIP 3.13.8\r\nContent-Length: 0\r\n\r\n";

    // A 200 OK as a UAS writes it (RFC 3261 §8.2.6, §12.1.1): Vias and Record-Route copied, To tagged.
    private static string Answer(SipMessage request, string contact)
    {
        var text = new StringBuilder("SIP/2.0 200 OK\r\n");
        foreach (var via in Values(request, HeaderId.Via))
        {
            text.Append("Via: ").Append(via).Append("\r\n");
        }

        foreach (var rr in Values(request, HeaderId.RecordRoute))
        {
            text.Append("Record-Route: ").Append(rr).Append("\r\n");
        }

        text.Append("From: ").Append(Values(request, HeaderId.From)[0]).Append("\r\n")
            .Append("To: ").Append(Values(request, HeaderId.To)[0]).Append(";tag=callee\r\n")
            .Append("Call-ID: ").Append(Values(request, HeaderId.CallId)[0]).Append("\r\n")
            .Append("CSeq: ").Append(Values(request, HeaderId.CSeq)[0]).Append("\r\n")
            .Append("Contact: ").Append(contact).Append("\r\nContent-Length: 0\r\n\r\n");
        return text.ToString();
    }

    private static string Bye(SipMessage invite, string requestUri, List<string> recordRoutes) =>
        $"BYE {requestUri} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKbye1\r\nRoute: {string.Join(", ", recordRoutes)}\r\nMax-Forwards: 70\r\n" +
        $"From: {Values(invite, HeaderId.To)[0]};tag=callee\r\nTo: {Values(invite, HeaderId.From)[0]}\r\nCall-ID: {Values(invite, HeaderId.CallId)[0]}\r\n" +
        "CSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n";

    private static List<string> Values(SipMessage message, HeaderId id)
    {
        var values = new List<string>();
        foreach (var value in message.Values(id))
        {
            values.Add(Encoding.UTF8.GetString(value.Span));
        }

        return values;
    }
}
