using Bridgehead.Routing;
using Bridgehead.Sip;
using Bridgehead.Testing.Sip;

namespace Bridgehead.Tests.Routing;

public sealed class SipEdgeObserverTests
{
    private sealed class Recorder : ISipMessageObserver
    {
        public List<(string FirstLine, SipDestination Source)> Seen { get; } = [];

        public void OnReceived(SipMessage message, in SipDestination source) =>
            Seen.Add((message.IsRequest ? message.Method.ToText() : message.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), source));
    }

    [Fact]
    public void OnMessage_WellFormedRequestsAndResponses_AreObservedBeforeRouting()
    {
        using var edge = new TestSipEdge();
        var recorder = new Recorder();
        edge.Edge.Observer = recorder;
        var ua = edge.Udp("198.51.100.10:5060");

        edge.Receive(SipMessageBuilder.Request("OPTIONS", $"sip:{TestSipEdge.Domain}"), ua);
        edge.Receive(SipMessageBuilder.Request("INVITE", $"sip:nobody@{TestSipEdge.Domain}"), ua);
        var stray = SipMessageBuilder.Response(SipMessageBuilder.Request("BYE", "sip:x@198.51.100.10").Parse(), 200);
        edge.Receive(stray, ua);

        Assert.Equal(["OPTIONS", "INVITE", "200"], recorder.Seen.Select(s => s.FirstLine));
        Assert.All(recorder.Seen, s => Assert.Equal(ua, s.Source));
    }

    [Fact]
    public void OnMessage_MalformedRequest_IsNotObserved()
    {
        using var edge = new TestSipEdge();
        var recorder = new Recorder();
        edge.Edge.Observer = recorder;

        edge.Receive(SipMessageBuilder.Request("INVITE", $"sip:nobody@{TestSipEdge.Domain}").Remove("Call-ID"), edge.Udp("198.51.100.10:5060"));

        Assert.Empty(recorder.Seen);
        Assert.Equal(400, Assert.Single(edge.Sender.Sent).Status);
    }
}
