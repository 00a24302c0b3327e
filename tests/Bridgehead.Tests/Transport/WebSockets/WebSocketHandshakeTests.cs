using System.Buffers;
using System.Text;
using Bridgehead.Sip.Transport.WebSockets;

namespace Bridgehead.Tests.Transport.WebSockets;

public sealed class WebSocketHandshakeTests
{
    private const string Valid =
        "GET /ws HTTP/1.1\r\nHost: edge.example.com\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: xmpp, sip\r\n" +
        "Origin: https://agents.example.com\r\n\r\n";

    [Fact]
    public void Rfc7118_HandshakeRequest_IsAcceptedWithTheResponseOfTheVector()
    {
        var request = TransportVectors.Read("rfc7118", "handshake-request.http");
        var response = TransportVectors.Read("rfc7118", "handshake-response.http");

        var error = WebSocketHandshake.Parse(request, out var parsed);

        Assert.Equal(WebSocketHandshakeError.None, error);
        Assert.Equal("https://www.example.com", parsed!.Origin);
        Assert.Equal(response, WebSocketHandshake.Accept(parsed));
    }

    [Fact]
    public void Parse_BrowserStyleRequest_ReadsKeyOriginAndPath()
    {
        var error = WebSocketHandshake.Parse(Encoding.ASCII.GetBytes(Valid), out var request);

        Assert.Equal(WebSocketHandshakeError.None, error);
        Assert.Equal("dGhlIHNhbXBsZSBub25jZQ==", request!.Key);
        Assert.Equal("https://agents.example.com", request.Origin);
        Assert.Equal("/ws", request.Path);
    }

    [Theory]
    [InlineData("Sec-WebSocket-Protocol: xmpp, sip", "Sec-WebSocket-Protocol: chat", WebSocketHandshakeError.SipNotOffered)]
    [InlineData("Sec-WebSocket-Protocol: xmpp, sip", "Sec-WebSocket-Protocol: SIP", WebSocketHandshakeError.SipNotOffered)]
    [InlineData("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8", WebSocketHandshakeError.UnsupportedVersion)]
    [InlineData("Upgrade: websocket", "Upgrade: h2c", WebSocketHandshakeError.NotUpgrade)]
    [InlineData("Connection: keep-alive, Upgrade", "Connection: keep-alive", WebSocketHandshakeError.NotUpgrade)]
    [InlineData("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Key: c2hvcnQ=", WebSocketHandshakeError.BadKey)]
    [InlineData("Host: edge.example.com\r\n", "", WebSocketHandshakeError.MissingHost)]
    [InlineData("GET /ws HTTP/1.1", "POST /ws HTTP/1.1", WebSocketHandshakeError.NotGet)]
    [InlineData("GET /ws HTTP/1.1", "GET /ws HTTP/1.0", WebSocketHandshakeError.Malformed)]
    [InlineData("Origin: https://agents.example.com", "NoColonInThisLine", WebSocketHandshakeError.Malformed)]
    public void Parse_RequestMissingARequirement_NamesIt(string find, string replace, WebSocketHandshakeError expected)
    {
        var error = WebSocketHandshake.Parse(Encoding.ASCII.GetBytes(Valid.Replace(find, replace, StringComparison.Ordinal)), out var request);

        Assert.Equal(expected, error);
        Assert.Null(request);
    }

    [Theory]
    [InlineData(WebSocketHandshakeError.SipNotOffered, 400, "'sip' subprotocol is required")]
    [InlineData(WebSocketHandshakeError.OriginNotAllowed, 403, "Origin is not allowed")]
    [InlineData(WebSocketHandshakeError.UnsupportedVersion, 426, "version 13")]
    [InlineData(WebSocketHandshakeError.Timeout, 408, "took too long")]
    public void Reject_AnswersWithTheStatusAndAReadableReason(WebSocketHandshakeError error, int status, string reason)
    {
        var text = Encoding.ASCII.GetString(WebSocketHandshake.Reject(error));

        Assert.StartsWith($"HTTP/1.1 {status} ", text, StringComparison.Ordinal);
        Assert.Contains(reason, text, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", text, StringComparison.Ordinal);
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Contains($"Content-Length: {body.Length}\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TryFindHead_IncompleteThenComplete_ReportsTheHeadLength()
    {
        var bytes = Encoding.ASCII.GetBytes(Valid + "\x81");

        Assert.False(WebSocketHandshake.TryFindHead(new ReadOnlySequence<byte>(bytes, 0, 40), out var partial));
        Assert.Equal(0, partial);
        Assert.True(WebSocketHandshake.TryFindHead(new ReadOnlySequence<byte>(bytes), out var length));
        Assert.Equal(Valid.Length, length);
    }

    [Fact]
    public void TryFindHead_NoEndPastTheLimit_IsTooLarge()
    {
        var bytes = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nX: " + new string('a', WebSocketHandshake.MaxRequestSize));

        Assert.False(WebSocketHandshake.TryFindHead(new ReadOnlySequence<byte>(bytes), out var length));
        Assert.Equal(-1, length);
    }
}
