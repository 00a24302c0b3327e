using System.Globalization;

namespace Bridgehead.IntegrationTests.Relay;

/// <summary>SDP bodies of the peers the relay meets, built for a given port.</summary>
internal static class RelaySdp
{
    /// <summary>A switch or softphone: RTP/AVP, G.711 and telephone-event, RTCP on port + 1.</summary>
    public static byte[] Plain(int port, string address = "127.0.0.1", string? extra = null) => Bytes(string.Create(CultureInfo.InvariantCulture, $"""
        v=0
        o=- 1001 1 IN IP4 {address}
        s=-
        c=IN IP4 {address}
        t=0 0
        m=audio {port} RTP/AVP 0 8 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=ptime:20
        a=sendrecv
        {extra}
        """));

    /// <summary>A softphone with SDES (RFC 4568): RTP/SAVP and one a=crypto line.</summary>
    public static byte[] Sdes(int port, string suite, string keyParams) => Bytes(string.Create(CultureInfo.InvariantCulture, $"""
        v=0
        o=- 2002 1 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio {port} RTP/SAVP 0 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=crypto:1 {suite} {keyParams}
        a=sendrecv
        """));

    /// <summary>A browser's offer or answer (the shape of Chromium's, tests/…/Sdp/Samples/chrome-offer.sdp).</summary>
    public static byte[] Browser(int port, string ufrag, string password, string fingerprint, string setup) => Bytes(string.Create(CultureInfo.InvariantCulture, $"""
        v=0
        o=- 8569507788553852046 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0
        a=msid-semantic: WMS
        m=audio {port} UDP/TLS/RTP/SAVPF 111 0 126
        c=IN IP4 127.0.0.1
        a=rtcp:9 IN IP4 0.0.0.0
        a=candidate:1 1 udp 2122260223 127.0.0.1 {port} typ host generation 0
        a=ice-ufrag:{ufrag}
        a=ice-pwd:{password}
        a=ice-options:trickle
        a=fingerprint:{fingerprint}
        a=setup:{setup}
        a=mid:0
        a=sendrecv
        a=rtcp-mux
        a=rtpmap:111 opus/48000/2
        a=rtpmap:0 PCMU/8000
        a=rtpmap:126 telephone-event/8000
        """));

    private static byte[] Bytes(string text) =>
        System.Text.Encoding.ASCII.GetBytes(string.Join("\r\n", text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)) + "\r\n");
}
