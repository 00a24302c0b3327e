using System.Net;
using System.Security.Cryptography;
using Bridgehead.Ng;
using Bridgehead.Relay.Forwarding;
using Bridgehead.Rtp.Sdes;
using Bridgehead.Rtp.Srtp;
using Bridgehead.Sdp;
using Bridgehead.Stun;

namespace Bridgehead.Tests.Relay.Forwarding;

/// <summary>
/// The per-packet path, driven through in-memory ports: relaying both ways, latching, RTCP with
/// and without mux, ICE-lite checks, SRTP from SDES keys, and every drop counted by reason.
/// </summary>
public sealed class ForwarderTests : IDisposable
{
    private static readonly IPEndPoint A = RelayTestHost.At("198.51.100.1", 4000);
    private static readonly IPEndPoint B = RelayTestHost.At("198.51.100.2", 5000);
    private static readonly IPEndPoint Stranger = RelayTestHost.At("203.0.113.66", 6666);

    private readonly RelayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private (int ForA, int ForB) Call(string flags = "", string? aExtra = null, string? bExtra = null)
    {
        var toB = _host.Offer(NgFlagString.Apply(new NgOfferCommand("c1", "a", RelayTestHost.PlainSdp(A.Port, A.Address.ToString(), aExtra)), flags));
        var toA = _host.Answer(NgFlagString.Apply(new NgAnswerCommand("c1", "a", "b", RelayTestHost.PlainSdp(B.Port, B.Address.ToString(), bExtra)), flags));
        return (toA.Media[0].Port, toB.Media[0].Port);
    }

    [Fact]
    public void Rtp_BothDirections_LeavesThroughThePartnersPortToItsSdpAddress()
    {
        var (forA, forB) = Call();

        _host.Io.Deliver(forA, RelayTestHost.Rtp(0xA, 1), A);
        _host.Io.Deliver(forB, RelayTestHost.Rtp(0xB, 1), B);

        var sends = _host.Io.TakeSends();
        Assert.Equal([(forB, B), (forA, A)], sends.Select(s => (s.FromPort, s.To)));
        Assert.Equal(RelayTestHost.Rtp(0xA, 1), sends[0].Data);
        Assert.Equal(2, _host.Relay.Totals().RtpPackets);
    }

    [Fact]
    public void Latching_PeerSendsFromElsewhere_MediaFollowsItsRealAddress()
    {
        var (forA, forB) = Call();
        var natted = RelayTestHost.At("203.0.113.20", 61000);

        _host.Io.Deliver(forB, RelayTestHost.Rtp(0xB, 1), natted);
        _host.Io.Deliver(forA, RelayTestHost.Rtp(0xA, 1), A);

        Assert.Equal(natted, _host.Io.TakeSends().Last().To);
    }

    [Fact]
    public void Latching_Default_OtherSourceRelayedButDestinationKept()
    {
        var (forA, forB) = Call();
        _host.Io.Deliver(forB, RelayTestHost.Rtp(0xB, 1), B);

        _host.Io.Deliver(forB, RelayTestHost.Rtp(0xB, 2), Stranger);
        _host.Io.Deliver(forA, RelayTestHost.Rtp(0xA, 1), A);

        var sends = _host.Io.TakeSends();
        Assert.Equal(3, sends.Count);
        Assert.Equal(B, sends[2].To);
    }

    [Fact]
    public void Latching_StrictSource_OtherSourceDropped()
    {
        var (forA, forB) = Call("strict-source");
        _host.Io.Deliver(forB, RelayTestHost.Rtp(0xB, 1), B);
        _host.Io.TakeSends();

        _host.Io.Deliver(forB, RelayTestHost.Rtp(0xB, 2), Stranger);

        Assert.Empty(_host.Io.TakeSends());
        Assert.Equal(1, _host.Dropped(DropReason.UnexpectedSource));
    }

    [Fact]
    public void Latching_MediaHandover_NewSourceTakesOver()
    {
        var (forA, forB) = Call("media-handover");
        _host.Io.Deliver(forB, RelayTestHost.Rtp(0xB, 1), B);

        _host.Io.Deliver(forB, RelayTestHost.Rtp(0xB, 2), Stranger);
        _host.Io.Deliver(forA, RelayTestHost.Rtp(0xA, 1), A);

        Assert.Equal(Stranger, _host.Io.TakeSends().Last().To);
    }

    [Fact]
    public void Rtcp_NoMuxEitherSide_OddPortToOddPort()
    {
        var (forA, forB) = Call();

        _host.Io.Deliver(forA + 1, RelayTestHost.Rtcp(0xA), RelayTestHost.At("198.51.100.1", 4001));

        var sent = Assert.Single(_host.Io.TakeSends());
        Assert.Equal((forB + 1, RelayTestHost.At("198.51.100.2", 5001)), (sent.FromPort, sent.To));
        Assert.Equal(1, _host.Relay.Totals().RtcpPackets);
    }

    [Fact]
    public void Rtcp_MuxedOffererDemuxedAnswerer_MovesBetweenTheRtpAndRtcpPorts()
    {
        var (forA, forB) = Call("rtcp-mux-demux", aExtra: "a=rtcp-mux");

        _host.Io.Deliver(forA, RelayTestHost.Rtcp(0xA), A);
        _host.Io.Deliver(forB + 1, RelayTestHost.Rtcp(0xB), RelayTestHost.At("198.51.100.2", 5001));

        var sends = _host.Io.TakeSends();
        Assert.Equal([(forB + 1, RelayTestHost.At("198.51.100.2", 5001)), (forA, A)], sends.Select(s => (s.FromPort, s.To)));
    }

    [Fact]
    public void Rtp_OnTheRtcpPort_Dropped()
    {
        var (forA, _) = Call();

        _host.Io.Deliver(forA + 1, RelayTestHost.Rtp(0xA, 1), A);

        Assert.Equal(1, _host.Dropped(DropReason.RtpOnRtcpPort));
    }

    [Fact]
    public void Rtp_BeforeTheAnswer_NowhereToGo()
    {
        var toB = _host.Offer(new NgOfferCommand("c1", "a", RelayTestHost.PlainSdp(A.Port, "198.51.100.1")));
        var offererPort = _host.Io.Open.Keys.Select(k => k.Port).Where(p => p != toB.Media[0].Port && p % 2 == 0).Single();

        _host.Io.Deliver(offererPort, RelayTestHost.Rtp(0xA, 1), A);

        Assert.Empty(_host.Io.TakeSends());
        Assert.Equal(1, _host.Dropped(DropReason.NoDestination));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0x50, 1, 2, 3 })]
    public void NotStunDtlsOrRtp_DroppedAsMalformed(byte[] datagram)
    {
        var (forA, _) = Call();

        _host.Io.Deliver(forA, datagram, A);

        Assert.Equal(1, _host.Dropped(DropReason.Malformed));
        Assert.Empty(_host.Io.TakeSends());
    }

    [Fact]
    public void Stun_OnAStreamWithoutIce_Dropped()
    {
        var (forA, _) = Call();

        _host.Io.Deliver(forA, Check("x", "y", "password-password-password"), A);

        Assert.Equal(1, _host.Dropped(DropReason.UnexpectedStun));
        Assert.Empty(_host.Io.TakeSends());
    }

    [Fact]
    public void IceLite_CheckAnswered_ThenMediaBothWaysUntilConsentExpires()
    {
        // A plain switch offers; the relay does ICE-lite with B.
        var toB = _host.Offer(new NgOfferCommand("c1", "a", RelayTestHost.PlainSdp(A.Port, "198.51.100.1")) { Ice = NgIceMode.Force });
        var forB = toB.Media[0].Port;
        var toA = _host.Answer(new NgAnswerCommand("c1", "a", "b", RelayTestHost.PlainSdp(B.Port, "198.51.100.2", "a=ice-ufrag:bobb\r\na=ice-pwd:bob-password-bob-password")));
        var forA = toA.Media[0].Port;
        var relayUfrag = toB.Media[0].IceUfrag!;
        var relayPassword = toB.Media[0].IcePwd!;
        var natted = RelayTestHost.At("203.0.113.20", 61000);

        // Before a check nothing goes either way.
        _host.Io.Deliver(forB, RelayTestHost.Rtp(0xB, 1), natted);
        _host.Io.Deliver(forA, RelayTestHost.Rtp(0xA, 1), A);
        Assert.Equal(1, _host.Dropped(DropReason.UnverifiedSource));
        Assert.Equal(1, _host.Dropped(DropReason.NoDestination));
        _host.Io.TakeSends();

        // A check with the wrong password is answered with an error and teaches nothing.
        _host.Io.Deliver(forB, Check(relayUfrag, "bobb", "not-the-password-at-all"), natted);
        var rejected = Assert.Single(_host.Io.TakeSends());
        Assert.True(StunMessage.TryParse(rejected.Data, out var error, out _));
        Assert.Equal(StunClass.ErrorResponse, error.Class);

        // A good check: success with XOR-MAPPED-ADDRESS = the NATed source, integrity by our password.
        _host.Io.Deliver(forB, Check(relayUfrag, "bobb", relayPassword), natted);
        var answer = Assert.Single(_host.Io.TakeSends());
        Assert.Equal((forB, natted), (answer.FromPort, answer.To));
        Assert.True(StunMessage.TryParse(answer.Data, out var success, out _));
        Assert.Equal(StunClass.SuccessResponse, success.Class);
        using (var key = StunIntegrityKey.ForShortTermPassword(relayPassword))
        {
            Assert.True(success.VerifyMessageIntegrity(key));
        }

        Assert.True(success.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(natted, mapped);

        _host.Io.Deliver(forB, RelayTestHost.Rtp(0xB, 2), natted);
        _host.Io.Deliver(forA, RelayTestHost.Rtp(0xA, 2), A);
        Assert.Equal([A, natted], _host.Io.TakeSends().Select(s => s.To));

        // RFC 7675: 30 s without a check and the relay stops sending to B.
        _host.Time.Advance(TimeSpan.FromSeconds(31));
        _host.Io.Deliver(forA, RelayTestHost.Rtp(0xA, 3), A);
        Assert.Empty(_host.Io.TakeSends());
        Assert.Equal(2, _host.Dropped(DropReason.NoDestination));
        Assert.Equal(1, _host.Relay.Totals().StunAnswered);
        Assert.Equal(1, _host.Relay.Totals().StunRejected);
    }

    [Fact]
    public void IceLite_StunWithBadFingerprint_DroppedAsMalformed()
    {
        var toB = _host.Offer(new NgOfferCommand("c1", "a", RelayTestHost.PlainSdp(A.Port, "198.51.100.1")) { Ice = NgIceMode.Force });
        var check = Check(toB.Media[0].IceUfrag!, "bobb", toB.Media[0].IcePwd!);
        check[^1] ^= 0xFF;

        _host.Io.Deliver(toB.Media[0].Port, check, B);

        Assert.Equal(1, _host.Dropped(DropReason.MalformedStun));
        Assert.Empty(_host.Io.TakeSends());
    }

    [Fact]
    public void Sdes_SrtpFromOneLeg_PlainToTheOtherAndBack_ForgeriesAndReplaysDropped()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var salt = RandomNumberGenerator.GetBytes(14);
        var crypto = $"a=crypto:1 AES_CM_128_HMAC_SHA1_80 {new SdesKeyParams { MasterKey = key, MasterSalt = salt }.Format()}";
        var offer = System.Text.Encoding.ASCII.GetString(RelayTestHost.PlainSdp(A.Port, "198.51.100.1", crypto)).Replace("RTP/AVP", "RTP/SAVP", StringComparison.Ordinal);
        var toB = _host.Offer(new NgOfferCommand("c1", "a", System.Text.Encoding.ASCII.GetBytes(offer)) { TransportProtocol = SdpProtocol.RtpAvp });
        var toA = _host.Answer(new NgAnswerCommand("c1", "a", "b", RelayTestHost.PlainSdp(B.Port, "198.51.100.2")));
        var forA = toA.Media[0].Port;
        var forB = toB.Media[0].Port;
        Assert.Equal(SdesParseError.None, SdesKeyParams.TryParse(toA.Media[0].Cryptos.Single().KeyParameters, SrtpProfile.AesCm128HmacSha1_80, out var relayKey));
        using var aOut = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, key, salt);
        using var aIn = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, relayKey!.MasterKey.Span, relayKey.MasterSalt.Span);

        var packet = new byte[200];
        RelayTestHost.Rtp(0xA, 1).CopyTo(packet, 0);
        Assert.Equal(SrtpResult.Ok, aOut.ProtectRtp(packet, 172, out var protectedLength));
        var srtp = packet[..protectedLength];
        _host.Io.Deliver(forA, srtp, A);
        Assert.Equal(RelayTestHost.Rtp(0xA, 1), Assert.Single(_host.Io.TakeSends()).Data);

        _host.Io.Deliver(forA, srtp, A);
        Assert.Equal(1, _host.Dropped(DropReason.Replayed));

        RelayTestHost.Rtp(0xA, 2).CopyTo(packet, 0);
        Assert.Equal(SrtpResult.Ok, aOut.ProtectRtp(packet, 172, out protectedLength));
        var forged = packet[..protectedLength];
        forged[20] ^= 1;
        _host.Io.Deliver(forA, forged, A);
        Assert.Equal(1, _host.Dropped(DropReason.AuthenticationFailed));

        // Plain RTP from A is not SRTP: refused, never relayed in the clear.
        _host.Io.Deliver(forA, RelayTestHost.Rtp(0xA, 9), A);
        Assert.Equal(2, _host.Dropped(DropReason.AuthenticationFailed));

        _host.Io.Deliver(forB, RelayTestHost.Rtp(0xB, 1), B);
        var toALeg = Assert.Single(_host.Io.TakeSends());
        Assert.Equal(172 + 10, toALeg.Data.Length);
        Assert.Equal(SrtpResult.Ok, aIn.UnprotectRtp(toALeg.Data, out var plainLength));
        Assert.Equal(172, plainLength);
    }

    private static byte[] Check(string relayUfrag, string peerUfrag, string password)
    {
        using var key = StunIntegrityKey.ForShortTermPassword(password);
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, RandomNumberGenerator.GetBytes(12));
        writer.AddUsername($"{relayUfrag}:{peerUfrag}");
        writer.AddPriority(1853824767);
        writer.AddIceControlling(42);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        return buffer[..writer.Length];
    }
}
