using System.Text;
using Bridgehead.Sip.Transport.WebSockets;

namespace Bridgehead.Tests.Transport.WebSockets;

public sealed class SipWebSocketPayloadTests
{
    [Theory]
    [InlineData("REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS x.invalid\r\n\r\n", SipWebSocketPayloadKind.Message)]
    [InlineData("SIP/2.0 200 OK\r\n\r\n", SipWebSocketPayloadKind.Message)]
    [InlineData("invite sip:bob@example.com sip/2.0\r\n\r\n", SipWebSocketPayloadKind.Message)]
    [InlineData("\r\n\r\n", SipWebSocketPayloadKind.KeepAlivePing)]
    [InlineData("\r\n", SipWebSocketPayloadKind.KeepAlivePong)]
    [InlineData("{\"method\":\"register\"}", SipWebSocketPayloadKind.NotSip)]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", SipWebSocketPayloadKind.NotSip)]
    [InlineData("SIP/2.0\r\n", SipWebSocketPayloadKind.NotSip)]
    [InlineData("", SipWebSocketPayloadKind.NotSip)]
    public void Classify_TellsSipFromKeepAlivesAndFromAnythingElse(string payload, SipWebSocketPayloadKind expected)
    {
        Assert.Equal(expected, SipWebSocketPayload.Classify(Encoding.UTF8.GetBytes(payload)));
    }

    [Fact]
    public void Classify_Rfc7118RegisterVector_IsAMessage()
    {
        Assert.Equal(SipWebSocketPayloadKind.Message, SipWebSocketPayload.Classify(TransportVectors.Read("rfc7118", "modeled-not-rfc-text/register.sip")));
    }
}
