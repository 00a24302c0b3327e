using System.Net;
using System.Text;
using Bridgehead.Routing;
using Bridgehead.Routing.Proxy;
using Bridgehead.Sip;

namespace Bridgehead.Tests.Routing.Proxy;

public sealed class FlowContactTests
{
    private static readonly SipListenerInfo Udp = new(1, SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5060), "127.0.0.1", 5060);
    private static readonly SipDestination Browser = new(SipTransportKind.Ws, new IPEndPoint(IPAddress.Loopback, 40001), 42, 2);

    [Theory]
    [InlineData("127.0.0.1", 40001, 42L)]
    [InlineData("::1", 65535, long.MaxValue)]
    public void FlowToken_EncodeThenDecode_GivesTheFlowAndUriBack(string address, int port, long connectionId)
    {
        var flow = new SipDestination(SipTransportKind.Wss, new IPEndPoint(IPAddress.Parse(address), port), connectionId, 3);
        var uri = "sip:uj4kbdtm@pfqdplc1m9l2.invalid;transport=ws;ob"u8.ToArray();

        var token = FlowToken.Encode(flow, uri);

        Assert.True(FlowToken.TryDecode(Encoding.ASCII.GetBytes(token), out var decoded, out var original));
        Assert.Equal(flow, decoded);
        Assert.Equal(uri, original);
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void FlowToken_Garbage_IsNotAFlow(string token)
    {
        Assert.False(FlowToken.TryDecode(Encoding.ASCII.GetBytes(token), out _, out _));
    }

    [Fact]
    public void Rewrite_JsSipInviteContact_BecomesTheEdgesUdpContactWithoutTransportWs()
    {
        var invite = Parse("INVITE sip:1000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS pfqdplc1m9l2.invalid;branch=z9hG4bK7910467\r\n" +
            "From: \"carol\" <sip:carol@127.0.0.1>;tag=a0fij3rtsf\r\nTo: <sip:1000@127.0.0.1>\r\nCall-ID: 0a6j\r\nCSeq: 7163 INVITE\r\n" +
            "Contact: \"Carol\" <sip:uj4kbdtm@pfqdplc1m9l2.invalid;transport=ws;ob>;+sip.ice\r\nContent-Length: 0\r\n\r\n");

        var value = FlowContact.Rewrite(invite, Browser, Udp);

        Assert.True(NameAddress.TryParse(value, out var contact));
        var text = Encoding.UTF8.GetString(value!);
        Assert.StartsWith("\"Carol\" <sip:uj4kbdtm@127.0.0.1:5060;lr;bhflow=", text, StringComparison.Ordinal);
        Assert.EndsWith(">;+sip.ice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("transport", text, StringComparison.OrdinalIgnoreCase);
        Assert.True(contact.Uri.IsLooseRouter);
        Assert.True(FlowContact.TryRead(contact.Uri, out var flow, out var original));
        Assert.Equal(Browser, flow);
        Assert.Equal("sip:uj4kbdtm@pfqdplc1m9l2.invalid;transport=ws;ob", Encoding.UTF8.GetString(original));
    }

    [Fact]
    public void Rewrite_NoContact_IsNull()
    {
        var bye = Parse("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bK1\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: 1\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");

        Assert.Null(FlowContact.Rewrite(bye, Browser, Udp));
    }

    private static SipMessage Parse(string text)
    {
        var message = SipMessage.Parse(Encoding.UTF8.GetBytes(text)).Message!;
        Assert.Equal(SipParseError.None, message.Validate());
        return message;
    }
}
