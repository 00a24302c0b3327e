using System.Text;
using Bridgehead.Sip.Transport.WebSockets;

namespace Bridgehead.Tests.Transport.WebSockets;

public sealed class WebSocketRequestKindTests
{
    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a:7443\r\nAccept: text/html\r\n\r\n")]
    [InlineData("HEAD /phone.js HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /dashboard/api/state HTTP/1.0\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nX-Upgrade: not-a-real-one\r\n\r\n")]
    public void IsPlainHttp_RequestWithoutUpgrade_IsTrue(string head) =>
        Assert.True(WebSocketRequestKind.IsPlainHttp(Encoding.ASCII.GetBytes(head)));

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: sip\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nupgrade : h2c\r\n\r\n")]
    [InlineData("GET / HTTP/2.0\r\nHost: a\r\n\r\n")]
    [InlineData("GET /\r\n\r\n")]
    [InlineData("REGISTER sip:a SIP/2.0\r\nVia: x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nno colon here\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n")]
    public void IsPlainHttp_UpgradeOrNotHttp_IsFalse(string head) =>
        Assert.False(WebSocketRequestKind.IsPlainHttp(Encoding.ASCII.GetBytes(head)));
}
