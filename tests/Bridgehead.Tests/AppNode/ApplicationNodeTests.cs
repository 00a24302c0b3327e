using System.Buffers.Binary;
using System.Net;
using Bridgehead.AppNode;
using Bridgehead.AppNode.Calls;
using Bridgehead.Rtp;
using Bridgehead.Sdp;
using Bridgehead.Sip;
using Bridgehead.Testing;
using Bridgehead.Testing.Sip;

namespace Bridgehead.Tests.AppNode;

public sealed class ApplicationNodeTests
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";

    private static SipMessageBuilder Invite(string extension) =>
        SipMessageBuilder.Request("INVITE", $"sip:{extension}@127.0.0.1:5080", from: "sip:1000@example.com", sentBy: "127.0.0.1:5060")
            .Add("Record-Route", "<sip:127.0.0.1:5060;lr>")
            .WithBody("application/sdp", Offer);

    [Fact]
    public void Invite_Echo_Answers200WithToTagContactRecordRouteAndSdp()
    {
        using var node = new TestNode();
        node.Receive(Invite("9196"));

        var ok = node.Sender.SingleResponse(200).Message;
        Assert.True(ok.To.HasTag);
        Assert.Equal("<sip:127.0.0.1:5060;lr>", SipText.ToText(ok.FirstValue(HeaderId.RecordRoute)));
        Assert.Equal("<sip:9196@127.0.0.1:5080>", SipText.ToText(ok.FirstValue(HeaderId.Contact)));
        Assert.True(SdpParser.TryParse(ok.Body, out var answer, out _));
        Assert.Equal(30000, answer.Media[0].Port);
        Assert.Equal(["0", "101"], answer.Media[0].Formats);
        Assert.Equal(CallState.Answered, Assert.Single(node.Node.Calls).State);
    }

    [Fact]
    public void Invite_NoAck_200IsRetransmittedWithDoublingIntervalThenByeAfter64T1()
    {
        using var node = new TestNode();
        node.Receive(Invite("9196"));
        node.Time.AdvanceInSteps(TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(50));

        // T1 = 500 ms: re-sent at 0.5, 1.5, 3.5 s (RFC 3261 §13.3.1.4).
        Assert.Equal(4, node.Sender.ResponsesWith(200).Count);
        node.Time.AdvanceInSteps(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        // The BYE is retransmitted until answered (nobody answers here): one transaction, one branch.
        var byes = node.Sender.RequestsWith(SipMethod.Bye);
        Assert.Single(byes.Select(b => SipText.ToText(b.Message.TopVia.Branch.Span)).Distinct());
        var bye = byes[0].Message;
        Assert.Equal("<sip:127.0.0.1:5060;lr>", SipText.ToText(bye.FirstValue(HeaderId.Route)));
        Assert.Empty(node.Node.Calls);
        Assert.Equal("no ACK", Assert.Single(node.Node.RecentCalls).Reason);
    }

    [Fact]
    public void Echo_AfterAck_ReflectsPacketsToTheLatchedSourceWithOwnSsrc()
    {
        using var node = new TestNode();
        var invite = Invite("9196");
        node.Receive(invite);
        var ok = node.Sender.SingleResponse(200).Message;
        node.Receive(Ack(invite, ok));
        Assert.Equal(CallState.Confirmed, Assert.Single(node.Node.Calls).State);

        // Media comes from a NAT's address, not the SDP's 10.0.0.9:4000: the node answers there.
        var socket = Assert.Single(node.Rtp.Opened);
        var nat = IPEndPoint.Parse("203.0.113.7:41000");
        for (ushort i = 0; i < 3; i++)
        {
            socket.Deliver(Rtp(0, (ushort)(100 + i), 8000u + (160u * i), 0x11111111), nat);
        }

        Assert.Equal(3, socket.Sent.Count);
        Assert.All(socket.Sent, s => Assert.Equal(nat, s.To));
        var first = socket.Sent[0].Packet;
        var second = socket.Sent[1].Packet;
        Assert.NotEqual(0x11111111u, RtpHeader.GetSsrc(first));
        Assert.Equal(1, RtpHeader.GetSequenceNumber(second) - RtpHeader.GetSequenceNumber(first));
        Assert.Equal(160u, RtpHeader.GetTimestamp(second) - RtpHeader.GetTimestamp(first));
    }

    [Fact]
    public void Playback_OnTheClock_SendsOneFramePer20MsThenHangsUpWithBye()
    {
        using var node = new TestNode();
        var invite = Invite("9664");
        node.Receive(invite);
        node.Receive(Ack(invite, node.Sender.SingleResponse(200).Message));
        var socket = Assert.Single(node.Rtp.Opened);

        node.Time.AdvanceInSteps(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(20));
        Assert.Equal(50, socket.Sent.Count);
        Assert.All(socket.Sent, s => Assert.Equal(IPEndPoint.Parse("10.0.0.9:4000"), s.To));
        for (var i = 1; i < socket.Sent.Count; i++)
        {
            Assert.Equal(160u, RtpHeader.GetTimestamp(socket.Sent[i].Packet) - RtpHeader.GetTimestamp(socket.Sent[i - 1].Packet));
            Assert.Equal(172, socket.Sent[i].Packet.Length);
        }

        // The bundled recording is 4.2 s; with 0.2 s of lead-in, the BYE follows 4.4 s of media.
        node.Time.AdvanceInSteps(TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(20));
        Assert.Equal(220, socket.Sent.Count);
        var byes = node.Sender.RequestsWith(SipMethod.Bye);
        Assert.NotEmpty(byes);
        Assert.Single(byes.Select(b => SipText.ToText(b.Message.TopVia.Branch.Span)).Distinct());
        Assert.True(socket.Disposed);
    }

    [Fact]
    public void Bye_FromPeer_Gets200AndEndsTheCall_UnknownDialogGets481()
    {
        using var node = new TestNode();
        var invite = Invite("9198");
        node.Receive(invite);
        var ok = node.Sender.SingleResponse(200).Message;
        node.Receive(Ack(invite, ok));

        node.Receive(InDialog("BYE", invite, ok, 2));
        Assert.Equal(2, node.Sender.ResponsesWith(200).Count);
        Assert.Empty(node.Node.Calls);

        node.Receive(InDialog("BYE", invite, ok, 3));
        Assert.Single(node.Sender.ResponsesWith(481));
    }

    [Theory]
    [InlineData("4711", 404)]
    [InlineData("9196", 488)]
    public void Invite_UnknownExtensionOrBrowserOffer_IsRefused(string extension, int status)
    {
        using var node = new TestNode();
        var invite = Invite(extension);
        if (status == 488)
        {
            invite.WithBody("application/sdp", "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n");
        }

        node.Receive(invite);
        Assert.Single(node.Sender.ResponsesWith(status));
        Assert.Empty(node.Node.Calls);
        Assert.All(node.Rtp.Opened, s => Assert.True(s.Disposed));
    }

    [Fact]
    public void Options_IsAnswered200WithAllow()
    {
        using var node = new TestNode();
        node.Receive(SipMessageBuilder.Request("OPTIONS", "sip:127.0.0.1:5080", sentBy: "127.0.0.1:5060"));
        var ok = node.Sender.SingleResponse(200).Message;
        Assert.Contains("INVITE", SipText.ToText(ok.FirstValue(HeaderId.Allow)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Originate_RegisteredWithPath_InviteGoesToPathWith2xxAckedAlongTheRouteSet()
    {
        using var node = new TestNode();
        var register = SipMessageBuilder.Request("REGISTER", "sip:127.0.0.1:5080", from: "sip:1000@127.0.0.1", to: "sip:1000@127.0.0.1", sentBy: "127.0.0.1:5060")
            .Set("Contact", "<sip:1000@192.0.2.44:50123;transport=udp>")
            .Add("Path", "<sip:127.0.0.1:5060;lr>")
            .Add("Expires", "600");
        node.Receive(register);
        var registered = node.Sender.SingleResponse(200).Message;
        Assert.Equal("<sip:127.0.0.1:5060;lr>", SipText.ToText(registered.FirstValue(HeaderId.Path)));
        node.Sender.Clear();

        var originate = node.Node.OriginateAsync(new OriginateRequest("user/1000", CallApplicationKind.Echo), TestContext.Current.CancellationToken);
        var sent = node.Sender.SingleRequest(SipMethod.Invite);
        Assert.Equal(TestNode.Edge, sent.Destination);
        var invite = sent.Message;
        Assert.Equal("sip:1000@192.0.2.44:50123;transport=udp", invite.Uri.ToString());
        Assert.Equal("<sip:127.0.0.1:5060;lr>", SipText.ToText(invite.FirstValue(HeaderId.Route)));

        // The user answers through the edge, which record-routes.
        var answer = "v=0\r\no=- 1 1 IN IP4 192.0.2.44\r\ns=-\r\nc=IN IP4 192.0.2.44\r\nt=0 0\r\nm=audio 7000 RTP/AVP 8\r\n";
        var ok = SipMessageBuilder.Response(invite, 200, toTag: "ua1")
            .Add("Record-Route", "<sip:127.0.0.1:5060;lr>")
            .Set("Contact", "<sip:1000@192.0.2.44:50123;transport=udp>")
            .WithBody("application/sdp", answer);
        node.Receive(ok);
        var result = await originate;
        Assert.Equal(OriginateOutcome.Answered, result.Outcome);

        var ack = node.Sender.SingleRequest(SipMethod.Ack);
        Assert.Equal(TestNode.Edge, ack.Destination);
        Assert.Equal(1u, ack.Message.CSeq.Number);
        Assert.Equal("ua1", SipText.ToText(ack.Message.To.Tag.Span));
        Assert.Equal("<sip:127.0.0.1:5060;lr>", SipText.ToText(ack.Message.FirstValue(HeaderId.Route)));

        // A retransmitted 2xx is acknowledged again.
        node.Receive(ok);
        Assert.Equal(2, node.Sender.RequestsWith(SipMethod.Ack).Count);
    }

    [Fact]
    public async Task Originate_RingsTooLong_IsCancelledAndReportsTimeout()
    {
        using var node = new TestNode(o => o.OriginateTimeout = TimeSpan.FromSeconds(5));
        var originate = node.Node.OriginateAsync(new OriginateRequest("user/1000", CallApplicationKind.Tone), TestContext.Current.CancellationToken);
        var invite = node.Sender.SingleRequest(SipMethod.Invite).Message;
        Assert.Equal("sip:1000@127.0.0.1:5060", invite.Uri.ToString());
        node.Receive(SipMessageBuilder.Response(invite, 180, toTag: "ua1"));

        node.Time.AdvanceInSteps(TimeSpan.FromSeconds(6));
        var cancels = node.Sender.RequestsWith(SipMethod.Cancel);
        Assert.Single(cancels.Select(c => SipText.ToText(c.Message.TopVia.Branch.Span)).Distinct());
        var cancel = cancels[0].Message;
        Assert.Equal(SipText.ToText(invite.TopVia.Branch.Span), SipText.ToText(cancel.TopVia.Branch.Span));
        node.Receive(SipMessageBuilder.Response(invite, 487, toTag: "ua1"));

        var result = await originate;
        Assert.Equal(OriginateOutcome.Timeout, result.Outcome);
        Assert.Equal(408, result.StatusCode);
        Assert.Empty(node.Node.Calls);
    }

    [Fact]
    public async Task Originate_NoEdgeAndNotRegistered_IsNotFound()
    {
        using var node = new TestNode(o => o.Edge = null);
        var result = await node.Node.OriginateAsync(new OriginateRequest("user/1000", CallApplicationKind.Echo), TestContext.Current.CancellationToken);
        Assert.Equal(OriginateOutcome.NotFound, result.Outcome);
        Assert.Empty(node.Sender.Sent);
    }

    private static SipMessageBuilder Ack(SipMessageBuilder invite, SipMessage ok) =>
        InDialog("ACK", invite, ok, 1);

    private static SipMessageBuilder InDialog(string method, SipMessageBuilder invite, SipMessage ok, uint cseq)
    {
        var to = SipText.ToText(ok.FirstValue(HeaderId.To));
        return SipMessageBuilder.Bare(method, "sip:9196@127.0.0.1:5080")
            .Add("Via", $"SIP/2.0/UDP 127.0.0.1:5060;branch={SipMessageBuilder.NewBranch()}")
            .Add("Max-Forwards", "70")
            .Add("From", invite.Get("From")!)
            .Add("To", to)
            .Add("Call-ID", invite.CallId)
            .Add("CSeq", $"{cseq} {method}");
    }

    private static byte[] Rtp(byte payloadType, ushort sequence, uint timestamp, uint ssrc)
    {
        var packet = new byte[12 + 160];
        packet[0] = 0x80;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        return packet;
    }
}
