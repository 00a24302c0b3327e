using Bridgehead.AppNode.Sip;
using Bridgehead.Sip;

namespace Bridgehead.Tests.AppNode.Sip;

public sealed class RequestWriterTests
{
    private static readonly LocalContact Local = new(SipTransportKind.Udp, "127.0.0.1", 5080);

    [Fact]
    public void InDialog_LooseRouteSet_KeepsTargetAsRequestUriAndRoutesInOrder()
    {
        var dialog = new Dialog("c1@x", "lt", "rt", "<sip:9196@127.0.0.1>;tag=lt", "<sip:1000@example.com>;tag=rt", "sip:1000@10.0.0.9:5062", ["<sip:127.0.0.1:5060;lr>", "<sip:10.0.0.1;lr>"], 0, 5, isCaller: false);
        var bye = SipMessage.Parse(RequestWriter.InDialog(dialog, SipMethod.Bye, dialog.NextSequence(), Local, "z9hG4bKabc", "9196", "test")).Message!;
        Assert.Equal(SipParseError.None, bye.Validate());
        Assert.Equal("sip:1000@10.0.0.9:5062", bye.Uri.ToString());
        Assert.Equal(["<sip:127.0.0.1:5060;lr>", "<sip:10.0.0.1;lr>"], Values(bye, HeaderId.Route));
        Assert.Equal(1u, bye.CSeq.Number);
        Assert.Equal(SipMethod.Bye, bye.CSeq.Method);
        Assert.Equal("lt", SipText.ToText(bye.From.Tag.Span));
        Assert.Equal("rt", SipText.ToText(bye.To.Tag.Span));
        Assert.Equal("z9hG4bKabc", SipText.ToText(bye.TopVia.Branch.Span));
        Assert.Equal(new SipDestination(SipTransportKind.Udp, System.Net.IPEndPoint.Parse("127.0.0.1:5060")), NextHop.For(bye.Uri.ToString(), Values(bye, HeaderId.Route)));
    }

    [Fact]
    public void Target_StrictRouterFirst_BecomesRequestUriAndTargetGoesLast()
    {
        // RFC 3261 §12.2.1.1: a route without lr is a strict router (RFC 2543).
        var (uri, routes) = RequestWriter.Target("sip:1000@10.0.0.9", ["<sip:10.0.0.1>", "<sip:10.0.0.2;lr>"]);
        Assert.Equal("sip:10.0.0.1", uri);
        Assert.Equal(["<sip:10.0.0.2;lr>", "<sip:1000@10.0.0.9>"], routes);
    }

    [Fact]
    public void NextHop_TransportWs_IsNotReachableByTheNode()
    {
        Assert.Null(NextHop.For("sip:abc@df7jal23ls0d.invalid;transport=ws", []));
        Assert.Equal(5070, NextHop.For("sip:1000@127.0.0.1:5070;transport=udp", [])!.Value.EndPoint.Port);
    }

    private static List<string> Values(SipMessage message, HeaderId id)
    {
        var list = new List<string>();
        foreach (var v in message.Values(id))
        {
            list.Add(SipText.ToText(v.Span));
        }

        return list;
    }
}
