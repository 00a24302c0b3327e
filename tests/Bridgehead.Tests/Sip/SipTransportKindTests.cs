using Bridgehead.Sip;

namespace Bridgehead.Tests.Sip;

public sealed class SipTransportKindTests
{
    [Theory]
    [InlineData(SipTransportKind.Udp, "UDP", "udp", false, false, false)]
    [InlineData(SipTransportKind.Tcp, "TCP", "tcp", true, false, false)]
    [InlineData(SipTransportKind.Tls, "TLS", "tls", true, true, false)]
    [InlineData(SipTransportKind.Ws, "WS", "ws", true, false, true)]
    [InlineData(SipTransportKind.Wss, "WSS", "wss", true, true, true)]
    public void Facts_Transport_AreThoseOfRfc3261AndRfc7118(SipTransportKind kind, string via, string scheme, bool stream, bool secure, bool webSocket)
    {
        Assert.Equal(via, kind.ViaToken());
        Assert.Equal(scheme, kind.Scheme());
        Assert.Equal(stream, kind.IsStream());
        Assert.Equal(secure, kind.IsSecure());
        Assert.Equal(webSocket, kind.IsWebSocket());
        Assert.True(SipTransportKindExtensions.TryParse(via, out var fromVia));
        Assert.Equal(kind, fromVia);
        Assert.True(SipTransportKindExtensions.TryParse(scheme, out var fromScheme));
        Assert.Equal(kind, fromScheme);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sctp")]
    [InlineData("udpx")]
    [InlineData("wsss1")]
    public void TryParse_Other_IsFalse(string token) =>
        Assert.False(SipTransportKindExtensions.TryParse(token, out _));
}
