using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bridgehead.Sip.Transport.Framing;

namespace Bridgehead.Benchmarks.Transport;

/// <summary>Framing a 1 KB INVITE: whole in one segment, split across two segments, and 16 back to back.</summary>
[MemoryDiagnoser]
public class SipStreamFramerBenchmarks
{
    private ReadOnlySequence<byte> _single;
    private ReadOnlySequence<byte> _split;
    private ReadOnlySequence<byte> _sixteen;

    [GlobalSetup]
    public void Setup()
    {
        var message = Invite1K();
        _single = new ReadOnlySequence<byte>(message);
        var at = message.Length / 3;
        _split = TwoSegments(message[..at], message[at..]);
        _sixteen = new ReadOnlySequence<byte>([.. Enumerable.Repeat(message, 16).SelectMany(m => m)]);
    }

    [Benchmark(Baseline = true)]
    public long OneMessage()
    {
        var frame = SipStreamFramer.Read(_single, SipStreamFramer.DefaultMaxMessageSize, out _, out _);
        return frame.Message.Length;
    }

    [Benchmark]
    public long OneMessageSplitAcrossSegments()
    {
        var frame = SipStreamFramer.Read(_split, SipStreamFramer.DefaultMaxMessageSize, out _, out _);
        return frame.Message.Length;
    }

    [Benchmark(OperationsPerInvoke = 16)]
    public long SixteenMessagesInOneRead()
    {
        var buffer = _sixteen;
        long total = 0;
        while (true)
        {
            var frame = SipStreamFramer.Read(buffer, SipStreamFramer.DefaultMaxMessageSize, out var consumed, out _);
            if (frame.Status != SipFrameStatus.Message)
            {
                return total;
            }

            total += frame.Message.Length;
            buffer = buffer.Slice(consumed);
        }
    }

    internal static byte[] Invite1K()
    {
        const string sdp =
            "v=0\r\no=- 20518 0 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" +
            "m=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
            "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";
        var head =
            "INVITE sip:1001@edge.example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "To: <sip:1001@edge.example.com>\r\n" +
            "From: \"Agent 1000\" <sip:1000@edge.example.com>;tag=1928301774\r\n" +
            "Call-ID: a84b4c76e66710@pc33.example.com\r\n" +
            "CSeq: 314159 INVITE\r\n" +
            "Contact: <sip:1000@192.0.2.10:5060;transport=tcp>\r\n" +
            "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO\r\n" +
            "Supported: replaces, timer, outbound, path\r\n" +
            "User-Agent: Bridgehead-Bench/1.0\r\n" +
            "X-Padding: " + new string('p', 256) + "\r\n" +
            "Content-Type: application/sdp\r\n" +
            $"Content-Length: {sdp.Length}\r\n\r\n";
        return Encoding.ASCII.GetBytes(head + sdp);
    }

    private static ReadOnlySequence<byte> TwoSegments(byte[] first, byte[] second)
    {
        var a = new Segment(first, 0);
        var b = new Segment(second, first.Length);
        a.SetNext(b);
        return new ReadOnlySequence<byte>(a, 0, b, second.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
