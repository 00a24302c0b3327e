using System.Net;
using Bridgehead.Ng;
using Bridgehead.Sdp;

namespace Bridgehead.IntegrationTests.Relay;

/// <summary>Plain RTP/AVP on both legs through a real relay: ports, latching, RTCP on its own ports, counters.</summary>
public sealed class PlainRelayTests : IDisposable
{
    private readonly RelayHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void RtpAndRtcp_BothDirections_RelayedAndLatchedToTheRealSource()
    {
        using var caller = new MediaPeer();
        using var callee = new MediaPeer();
        var callId = RelayHarness.NewCallId();

        // The caller's SDP names a port it does not send from (behind NAT): the relay must learn
        // the real one from the caller's first packet (symmetric RTP).
        var offer = RelayHarness.Parse(_harness.Offer(new NgOfferCommand(callId, "caller", RelaySdp.Plain(caller.Port + 1000)) { Flags = ["trust-address"], Replace = NgReplace.Origin }));
        var toCallee = RelayHarness.MediaEndPoint(offer);
        Assert.Equal(IPAddress.Loopback, toCallee.Address);
        Assert.InRange(toCallee.Port, _harness.PortMin, _harness.PortMin + 99);
        Assert.Equal(toCallee.Port + 1, offer.Media[0].Rtcp!.Port);
        Assert.Equal(SdpProtocol.RtpAvp, offer.Media[0].Protocol);

        var answer = RelayHarness.Parse(_harness.Answer(new NgAnswerCommand(callId, "caller", "callee", RelaySdp.Plain(callee.Port)) { Flags = ["trust-address"] }));
        var toCaller = RelayHarness.MediaEndPoint(answer);
        Assert.NotEqual(toCallee.Port, toCaller.Port);

        // Caller -> callee: arrives from the relay port the callee was given.
        caller.Send(MediaPeer.RtpPacket(0x1111, 1), toCaller);
        var atCallee = callee.Receive();
        Assert.NotNull(atCallee);
        Assert.Equal(toCallee, atCallee.Value.From);
        Assert.Equal(0x1111u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(atCallee.Value.Data.AsSpan(8)));

        // Callee -> caller: reaches the caller's real port, learned from its packet.
        callee.Send(MediaPeer.RtpPacket(0x2222, 7), toCallee);
        var atCaller = caller.Receive();
        Assert.NotNull(atCaller);
        Assert.Equal(toCaller, atCaller.Value.From);

        // RTCP goes port + 1 to port + 1.
        using var calleeRtcp = new MediaPeer();
        callee.Send(MediaPeer.RtcpReceiverReport(0x2222), new IPEndPoint(IPAddress.Loopback, toCallee.Port + 1));
        var query = Assert.IsType<NgQueryReply>(_harness.Relay.Query(new NgQueryCommand(callId)));
        var callerTag = query.Call.Tags.Single(t => t.Tag == "caller");
        Assert.Equal(1, callerTag.Medias[0].Streams[0].Stats.Packets);
        Assert.Equal(new NgEndpoint("IPv4", "127.0.0.1", caller.Port), callerTag.Medias[0].Streams[0].Endpoint);
    }
}
