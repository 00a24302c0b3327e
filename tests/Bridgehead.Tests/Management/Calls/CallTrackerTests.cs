using System.Net;
using Bridgehead.Management.Calls;
using Bridgehead.Sip;
using Bridgehead.Testing.Sip;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridgehead.Tests.Management.Calls;

public sealed class CallTrackerTests
{
    private static readonly SipDestination Browser = new(SipTransportKind.Wss, IPEndPoint.Parse("192.0.2.7:50312"), 7, 1);
    private static readonly SipDestination Switch = new(SipTransportKind.Udp, IPEndPoint.Parse("127.0.0.1:5080"), 0, 0);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    private CallTracker NewTracker(Action<CallTrackerOptions>? configure = null)
    {
        var options = new CallTrackerOptions();
        configure?.Invoke(options);
        return new CallTracker(Options.Create(options), _time);
    }

    private static SipMessageBuilder Invite(string callId) =>
        SipMessageBuilder.Request("INVITE", "sip:9196@127.0.0.1", from: "sip:1000@127.0.0.1", sentBy: "192.0.2.7:50312", transport: "WSS").Set("Call-ID", callId);

    private static SipMessageBuilder InDialog(SipMessageBuilder invite, string method, uint cseq) =>
        SipMessageBuilder.Request(method, "sip:9196@127.0.0.1:5080", from: "sip:1000@127.0.0.1", sentBy: "192.0.2.7:50312", transport: "WSS", cseq: cseq).Set("Call-ID", invite.CallId)
            .Set("From", invite.Get("From")!).Set("To", "<sip:9196@127.0.0.1>;tag=uas-tag");

    [Fact]
    public void OnReceived_InviteRingingOkBye_GoesTryingRingingAnsweredEnded()
    {
        var tracker = NewTracker();
        var invite = Invite("call-1@192.0.2.7");
        var parsed = invite.Parse();

        tracker.OnReceived(parsed, Browser);
        Assert.Equal(TrackedCallState.Trying, tracker.Find("call-1@192.0.2.7")!.State);

        tracker.OnReceived(SipMessageBuilder.Response(parsed, 180).Parse(), Switch);
        Assert.Equal(TrackedCallState.Ringing, tracker.Find("call-1@192.0.2.7")!.State);

        _time.Advance(TimeSpan.FromSeconds(2));
        tracker.OnReceived(SipMessageBuilder.Response(parsed, 200).Parse(), Switch);
        var answered = tracker.Find("call-1@192.0.2.7")!;
        Assert.Equal(TrackedCallState.Answered, answered.State);
        Assert.Equal(200, answered.Status);
        Assert.Equal(_time.GetUtcNow(), answered.AnsweredAt);
        Assert.Equal("sip:1000@127.0.0.1", answered.From);
        Assert.Equal("sip:9196@127.0.0.1", answered.To);
        Assert.Equal("wss:192.0.2.7:50312#7", answered.Caller);
        Assert.Equal(1, tracker.ActiveCount);

        tracker.OnReceived(InDialog(invite, "ACK", 1).Parse(), Browser);
        Assert.Equal(TrackedCallState.Answered, tracker.Find("call-1@192.0.2.7")!.State);

        tracker.OnReceived(InDialog(invite, "BYE", 2).Parse(), Switch);
        var ended = tracker.Find("call-1@192.0.2.7")!;
        Assert.Equal(TrackedCallState.Ended, ended.State);
        Assert.Equal("BYE from udp:127.0.0.1:5080", ended.Reason);
        Assert.Equal(0, tracker.ActiveCount);
    }

    [Fact]
    public void OnReceived_BusyFromTheSwitch_IsFailedWithTheStatus()
    {
        var tracker = NewTracker();
        var invite = Invite("busy@192.0.2.7").Parse();
        tracker.OnReceived(invite, Browser);
        tracker.OnReceived(SipMessageBuilder.Response(invite, 486).Parse(), Switch);

        var call = tracker.Find("busy@192.0.2.7")!;
        Assert.Equal(TrackedCallState.Failed, call.State);
        Assert.Equal(486, call.Status);
        Assert.Equal("486 Busy Here", call.Reason);
    }

    [Fact]
    public void OnReceived_AckBeforeAnyAnswer_IsFailedByTheEdge_AndTheNextInviteRestartsIt()
    {
        // The edge challenged the INVITE itself (407): only the caller's ACK of it comes back in.
        var tracker = NewTracker();
        var invite = Invite("challenged@192.0.2.7");
        tracker.OnReceived(invite.Parse(), Browser);
        tracker.OnReceived(SipMessageBuilder.Request("ACK", "sip:9196@127.0.0.1", sentBy: "192.0.2.7:50312", transport: "WSS").Set("Call-ID", invite.CallId).Parse(), Browser);
        Assert.Equal(TrackedCallState.Failed, tracker.Find(invite.CallId)!.State);

        var again = Invite(invite.CallId).Set("CSeq", "2 INVITE");
        tracker.OnReceived(again.Parse(), Browser);
        Assert.Equal(TrackedCallState.Trying, tracker.Find(invite.CallId)!.State);
        Assert.Null(tracker.Find(invite.CallId)!.Reason);
    }

    [Fact]
    public void OnReceived_CancelWhileRinging_IsEnded()
    {
        var tracker = NewTracker();
        var invite = Invite("cancel@192.0.2.7");
        var parsed = invite.Parse();
        tracker.OnReceived(parsed, Browser);
        tracker.OnReceived(SipMessageBuilder.Response(parsed, 180).Parse(), Switch);
        tracker.OnReceived(SipMessageBuilder.Request("CANCEL", "sip:9196@127.0.0.1", sentBy: "192.0.2.7:50312", transport: "WSS").Set("Call-ID", invite.CallId).Parse(), Browser);

        // The 487 that follows does not turn an ended call into a failed one.
        tracker.OnReceived(SipMessageBuilder.Response(parsed, 487).Parse(), Switch);
        var call = tracker.Find(invite.CallId)!;
        Assert.Equal(TrackedCallState.Ended, call.State);
        Assert.StartsWith("CANCEL from wss:", call.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OnReceived_ReInviteAndOtherMethods_DoNotStartCalls()
    {
        var tracker = NewTracker();
        var invite = Invite("reinvite@192.0.2.7");
        tracker.OnReceived(InDialog(invite, "INVITE", 3).Parse(), Browser);
        tracker.OnReceived(SipMessageBuilder.Request("REGISTER", "sip:127.0.0.1").Set("Call-ID", "reg@x").Parse(), Browser);
        tracker.OnReceived(SipMessageBuilder.Request("OPTIONS", "sip:127.0.0.1").Set("Call-ID", "opt@x").Parse(), Browser);

        Assert.Empty(tracker.Snapshot());
    }

    [Fact]
    public void Snapshot_EndedCallsPastKeepEnded_AreDropped()
    {
        var tracker = NewTracker(o => o.KeepEnded = TimeSpan.FromMinutes(1));
        var invite = Invite("old@192.0.2.7").Parse();
        tracker.OnReceived(invite, Browser);
        tracker.OnReceived(SipMessageBuilder.Response(invite, 404).Parse(), Switch);
        tracker.OnReceived(Invite("live@192.0.2.7").Parse(), Browser);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(2, tracker.Snapshot().Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        var left = Assert.Single(tracker.Snapshot());
        Assert.Equal("live@192.0.2.7", left.CallId);
    }

    [Fact]
    public void Snapshot_ActiveCallSilentPastStaleAfter_IsDropped()
    {
        var tracker = NewTracker(o => o.StaleAfter = TimeSpan.FromHours(1));
        tracker.OnReceived(Invite("silent@192.0.2.7").Parse(), Browser);
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Single(tracker.Snapshot());
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(tracker.Snapshot());
    }

    [Fact]
    public void OnReceived_AtMaxCalls_TheOldestEndedCallLeavesFirst()
    {
        var tracker = NewTracker(o => o.MaxCalls = 3);
        var first = Invite("a@x").Parse();
        tracker.OnReceived(first, Browser);
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = Invite("b@x").Parse();
        tracker.OnReceived(second, Browser);
        tracker.OnReceived(SipMessageBuilder.Response(second, 603).Parse(), Switch);
        _time.Advance(TimeSpan.FromSeconds(1));
        tracker.OnReceived(Invite("c@x").Parse(), Browser);
        _time.Advance(TimeSpan.FromSeconds(1));

        tracker.OnReceived(Invite("d@x").Parse(), Browser);
        Assert.Equal(["d@x", "c@x", "a@x"], tracker.Snapshot().Select(c => c.CallId));

        // With no ended call left, the oldest active one goes.
        tracker.OnReceived(Invite("e@x").Parse(), Browser);
        Assert.Equal(["e@x", "d@x", "c@x"], tracker.Snapshot().Select(c => c.CallId));
    }

    [Fact]
    public void OnReceived_AtMaxCalls_TheCallThatEndedFirstLeaves()
    {
        var tracker = NewTracker(o => o.MaxCalls = 3);
        var a = Invite("a@x").Parse();
        var b = Invite("b@x").Parse();
        tracker.OnReceived(a, Browser);
        _time.Advance(TimeSpan.FromSeconds(1));
        tracker.OnReceived(b, Browser);
        _time.Advance(TimeSpan.FromSeconds(1));
        tracker.OnReceived(Invite("c@x").Parse(), Browser);
        tracker.OnReceived(SipMessageBuilder.Response(b, 486).Parse(), Switch);
        _time.Advance(TimeSpan.FromSeconds(1));
        tracker.OnReceived(SipMessageBuilder.Response(a, 603).Parse(), Switch);

        tracker.OnReceived(Invite("d@x").Parse(), Browser);

        // b ended before a did, though a started first.
        Assert.Equal(["a@x", "c@x", "d@x"], tracker.Snapshot().Select(c => c.CallId).Order());
    }

    [Fact]
    public void Snapshot_ListsActiveCallsFirst_NewestFirst()
    {
        var tracker = NewTracker();
        var failed = Invite("failed@x").Parse();
        tracker.OnReceived(Invite("older@x").Parse(), Browser);
        _time.Advance(TimeSpan.FromSeconds(1));
        tracker.OnReceived(failed, Browser);
        tracker.OnReceived(SipMessageBuilder.Response(failed, 480).Parse(), Switch);
        _time.Advance(TimeSpan.FromSeconds(1));
        tracker.OnReceived(Invite("newer@x").Parse(), Browser);

        Assert.Equal(["newer@x", "older@x", "failed@x"], tracker.Snapshot().Select(c => c.CallId));
    }
}
