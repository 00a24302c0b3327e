using System.Text;
using BenchmarkDotNet.Attributes;
using Bridgehead.Sip;

namespace Bridgehead.Benchmarks.Sip;

/// <summary>
/// The parser and writer on a typical INVITE from a softphone (about 1 KB with its SDP):
/// the product's goal is parsing under 1 µs with at most one allocation (the message itself),
/// and writing back under 1 µs.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[Config(typeof(SipBenchmarkConfig))]
public class SipMessageBenchmarks
{
    internal static readonly byte[] Invite = Encoding.ASCII.GetBytes(
        "INVITE sip:1001@pbx.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.168.1.34:5060;rport;branch=z9hG4bK-524287-1---0a1b2c3d4e5f6071\r\n" +
        "Max-Forwards: 70\r\n" +
        "Route: <sip:edge.example.com;lr>\r\n" +
        "Contact: <sip:1000@192.168.1.34:5060;transport=udp>\r\n" +
        "To: <sip:1001@pbx.example.com>\r\n" +
        "From: \"Agent 1000\" <sip:1000@pbx.example.com>;tag=6c7a0b1f\r\n" +
        "Call-ID: ZDg1OGY3NmI0ZTk0YjM1NjQ0ZDNlYjQ0ZmU2ZDE2YmI\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE\r\n" +
        "Supported: replaces, norefersub, extended-refer, timer, outbound, path, X-cisco-serviceuri\r\n" +
        "User-Agent: Zoiper rv2.10.19.4\r\n" +
        "Allow-Events: presence, kpml, talk\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 422\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=Z 1719912345678 1 IN IP4 192.168.1.34\r\n" +
        "s=Z\r\n" +
        "c=IN IP4 192.168.1.34\r\n" +
        "t=0 0\r\n" +
        "m=audio 8000 RTP/AVP 106 9 98 101 0 8 3\r\n" +
        "a=rtpmap:106 opus/48000/2\r\n" +
        "a=fmtp:106 sprop-maxcapturerate=16000; minptime=20; useinbandfec=1\r\n" +
        "a=rtpmap:98 telephone-event/48000\r\n" +
        "a=fmtp:98 0-16\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=sendrecv\r\n" +
        "a=rtcp-mux\r\n" +
        "a=ptime:20\r\n" +
        "a=rtpmap:9 G722/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n");

    private static readonly byte[] EdgeVia = "SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK3f2a1c0b9d8e7f60.5e1d2c3b1"u8.ToArray();
    private static readonly byte[] EdgeRecordRoute = "<sip:203.0.113.5;lr>"u8.ToArray();

    private SipMessage _parsed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var result = SipMessage.Parse(Invite);
        if (!result.Success || result.Message!.Validate() != SipParseError.None || result.Message.BodyLength != 422)
        {
            throw new InvalidOperationException($"benchmark message does not parse: {result.Error}");
        }

        _parsed = result.Message;
    }

    [Benchmark]
    public SipMessage? Parse() => SipMessage.Parse(Invite).Message;

    [Benchmark]
    public SipParseError ParseAndValidate() => SipMessage.Parse(Invite).Message!.Validate();

    [Benchmark]
    public byte[] WriteBackUnedited()
    {
        using var editor = new SipMessageEditor(_parsed);
        return editor.ToArray();
    }

    [Benchmark]
    public byte[] ProxyEdit()
    {
        // RFC 3261 §16.6: add our Via and Record-Route, decrement Max-Forwards, pop our Route.
        var m = _parsed;
        using var editor = new SipMessageEditor(m);
        editor.AddHeaderFirst(HeaderId.Via, EdgeVia);
        editor.AddHeaderFirst(HeaderId.RecordRoute, EdgeRecordRoute);
        Span<byte> digits = stackalloc byte[3];
        var n = SipText.WriteDecimal(digits, m.MaxForwards - 1);
        editor.ReplaceHeaderValue(m.IndexOf(HeaderId.MaxForwards), digits[..n]);
        foreach (var route in m.Values(HeaderId.Route))
        {
            editor.RemoveValue(route);
            break;
        }

        return editor.ToArray();
    }
}
