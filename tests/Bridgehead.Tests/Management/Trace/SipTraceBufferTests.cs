using System.Net;
using System.Text;
using Bridgehead.Management.Trace;
using Bridgehead.Sip;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Tests.Management.Trace;

public sealed class SipTraceBufferTests
{
    private static readonly IPEndPoint Browser = IPEndPoint.Parse("192.0.2.7:50312");
    private static readonly IPEndPoint Switch = IPEndPoint.Parse("127.0.0.1:5080");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    private SipTraceBuffer NewBuffer(int capacity = 16, int maxBytes = 16 * 1024) =>
        new(Options.Create(new SipTraceOptions { Capacity = capacity, MaxMessageBytes = maxBytes }), _time);

    private static byte[] Message(string firstLine, string callId, string extra = "") =>
        Encoding.ASCII.GetBytes($"{firstLine}\r\nVia: SIP/2.0/WSS x;branch=z9hG4bK1\r\nCall-ID: {callId}\r\nCSeq: 1 INVITE\r\n{extra}Content-Length: 0\r\n\r\n");

    [Fact]
    public void ForCall_ReturnsThatCallsMessagesInOrder_WithDirectionAndPeer()
    {
        var buffer = NewBuffer();
        buffer.Capture(SipTraceDirection.In, SipTransportKind.Wss, Browser, Message("INVITE sip:9196@h SIP/2.0", "one"));
        buffer.Capture(SipTraceDirection.Out, SipTransportKind.Udp, Switch, Message("INVITE sip:9196@h SIP/2.0", "one"));
        buffer.Capture(SipTraceDirection.In, SipTransportKind.Wss, Browser, Message("REGISTER sip:h SIP/2.0", "other"));
        _time.Advance(TimeSpan.FromMilliseconds(40));
        buffer.Capture(SipTraceDirection.In, SipTransportKind.Udp, Switch, Message("SIP/2.0 200 OK", "one"));

        var trace = buffer.ForCall("one");

        Assert.Equal(["in", "out", "in"], trace.Select(e => e.Direction));
        Assert.Equal(["wss", "udp", "udp"], trace.Select(e => e.Transport));
        Assert.Equal(["192.0.2.7:50312", "127.0.0.1:5080", "127.0.0.1:5080"], trace.Select(e => e.Remote));
        Assert.Equal(["INVITE sip:9196@h SIP/2.0", "INVITE sip:9196@h SIP/2.0", "SIP/2.0 200 OK"], trace.Select(e => e.FirstLine));
        Assert.Equal([0L, 1L, 3L], trace.Select(e => e.Sequence));
        Assert.Equal(TimeSpan.FromMilliseconds(40), trace[2].Time - trace[0].Time);
        Assert.All(trace, e => Assert.Equal("one", e.CallId));
        Assert.Contains("CSeq: 1 INVITE", trace[0].Message, StringComparison.Ordinal);
        Assert.Equal(4, buffer.Captured);
    }

    [Fact]
    public void Capture_PastCapacity_OverwritesTheOldest()
    {
        var buffer = NewBuffer(capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            buffer.Capture(SipTraceDirection.In, SipTransportKind.Udp, Switch, Message($"OPTIONS sip:{i}@h SIP/2.0", "same"));
        }

        var trace = buffer.ForCall("same");
        Assert.Equal([2L, 3L, 4L], trace.Select(e => e.Sequence));
        Assert.Equal("OPTIONS sip:2@h SIP/2.0", trace[0].FirstLine);
        Assert.Equal(5, buffer.Captured);
        Assert.Equal([3L, 4L], buffer.Since(3).Select(e => e.Sequence));
    }

    [Fact]
    public void Capture_ASlotReusedForAShorterMessage_ShowsOnlyTheNewMessage()
    {
        var buffer = NewBuffer(capacity: 1);
        buffer.Capture(SipTraceDirection.In, SipTransportKind.Udp, Switch, Message("INVITE sip:long@h SIP/2.0", "first", extra: $"X-Pad: {new string('p', 2000)}\r\n"));
        buffer.Capture(SipTraceDirection.Out, SipTransportKind.Udp, Switch, Message("BYE sip:s@h SIP/2.0", "second"));

        Assert.Empty(buffer.ForCall("first"));
        var entry = Assert.Single(buffer.ForCall("second"));
        Assert.DoesNotContain("X-Pad", entry.Message, StringComparison.Ordinal);
        Assert.EndsWith("Content-Length: 0\r\n\r\n", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Capture_LongerThanTheLimit_IsCutAndMarked()
    {
        var buffer = NewBuffer(maxBytes: 300);
        var long_ = Message("INVITE sip:9196@h SIP/2.0", "big", extra: $"X-Pad: {new string('p', 1000)}\r\n");
        buffer.Capture(SipTraceDirection.In, SipTransportKind.Wss, Browser, long_);

        var entry = Assert.Single(buffer.ForCall("big"));
        Assert.True(entry.Truncated);
        Assert.Equal(300, entry.Message.Length);
    }

    [Fact]
    public void Capture_WithCapacityZero_KeepsNothing()
    {
        var buffer = NewBuffer(capacity: 0);
        buffer.Capture(SipTraceDirection.In, SipTransportKind.Wss, Browser, Message("INVITE sip:9196@h SIP/2.0", "x"));

        Assert.Empty(buffer.ForCall("x"));
        Assert.Equal(0, buffer.Captured);
        Assert.Equal(0, buffer.Capacity);
    }

    [Fact]
    public void ForCall_MessageWithoutCallId_IsNeverListed()
    {
        var buffer = NewBuffer();
        buffer.Capture(SipTraceDirection.In, SipTransportKind.Udp, Switch, "garbage\r\n\r\n"u8);

        Assert.Empty(buffer.ForCall("garbage"));
        var entry = Assert.Single(buffer.Since(0));
        Assert.Null(entry.CallId);
    }
}
