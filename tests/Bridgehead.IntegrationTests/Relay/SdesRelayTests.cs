using System.Security.Cryptography;
using Bridgehead.Ng;
using Bridgehead.Rtp.Sdes;
using Bridgehead.Rtp.Srtp;
using Bridgehead.Sdp;

namespace Bridgehead.IntegrationTests.Relay;

/// <summary>SRTP with SDES keys (RFC 4568) on one leg, plain RTP on the other, both ways, through a real relay.</summary>
public sealed class SdesRelayTests : IDisposable
{
    private readonly RelayHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData("AES_CM_128_HMAC_SHA1_80", SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData("AEAD_AES_128_GCM", SrtpProfile.AeadAes128Gcm)]
    public void SdesOfferer_PlainAnswerer_SrtpDecryptedOneWayEncryptedTheOther(string suite, SrtpProfile profile)
    {
        using var softphone = new MediaPeer();
        using var pbx = new MediaPeer();
        var info = SrtpProfiles.Get(profile);
        var key = RandomNumberGenerator.GetBytes(info.MasterKeyLength);
        var salt = RandomNumberGenerator.GetBytes(info.MasterSaltLength);
        var keyParams = new SdesKeyParams { MasterKey = key, MasterSalt = salt }.Format();
        var callId = RelayHarness.NewCallId();

        var toPbx = RelayHarness.Parse(_harness.Offer(new NgOfferCommand(callId, "phone", RelaySdp.Sdes(softphone.Port, suite, keyParams)) { TransportProtocol = SdpProtocol.RtpAvp }));
        Assert.Equal(SdpProtocol.RtpAvp, toPbx.Media[0].Protocol);
        Assert.Empty(toPbx.Media[0].Cryptos);

        var toPhone = RelayHarness.Parse(_harness.Answer(new NgAnswerCommand(callId, "phone", "pbx", RelaySdp.Plain(pbx.Port))));
        var answerCrypto = Assert.Single(toPhone.Media[0].Cryptos);
        Assert.Equal((1, suite), (answerCrypto.Tag, answerCrypto.Suite));
        Assert.Equal(SdpProtocol.RtpSavp, toPhone.Media[0].Protocol);
        Assert.Equal(SdesParseError.None, SdesKeyParams.TryParse(answerCrypto.KeyParameters, profile, out var relayKey));

        using var phoneOut = new SrtpContext(profile, key, salt);
        using var phoneIn = new SrtpContext(profile, relayKey!.MasterKey.Span, relayKey.MasterSalt.Span);
        var relayForPhone = RelayHarness.MediaEndPoint(toPhone);
        var relayForPbx = RelayHarness.MediaEndPoint(toPbx);

        for (ushort seq = 1; seq <= 5; seq++)
        {
            var packet = MediaPeer.RtpPacket(0xAAAA, seq, fill: 0x33);
            Assert.Equal(SrtpResult.Ok, phoneOut.ProtectRtp(packet, 172, out var length));
            softphone.Send(packet.AsSpan(0, length), relayForPhone);
        }

        var plain = pbx.Drain(500);
        Assert.Equal(5, plain.Count);
        Assert.All(plain, p => Assert.Equal((172, 0x33), (p.Data.Length, p.Data[50])));

        for (ushort seq = 1; seq <= 5; seq++)
        {
            pbx.Send(MediaPeer.RtpPacket(0xBBBB, seq, fill: 0x44).AsSpan(0, 172), relayForPbx);
        }

        var secured = softphone.Drain(500);
        Assert.Equal(5, secured.Count);
        foreach (var (data, _) in secured)
        {
            Assert.Equal(SrtpResult.Ok, phoneIn.UnprotectRtp(data, out var plainLength));
            Assert.Equal((172, 0x44), (plainLength, data[50]));
        }

        // A forged packet is dropped and counted, not relayed.
        var forged = MediaPeer.RtpPacket(0xAAAA, 99);
        softphone.Send(forged.AsSpan(0, 172 + info.RtpTagLength), relayForPhone);
        Assert.Null(pbx.Receive(300));
        Assert.Equal(1, _harness.Relay.Totals().Drops[(int)Bridgehead.Relay.Forwarding.DropReason.AuthenticationFailed]);
    }

    [Fact]
    public void PlainOfferer_SdesAnswerer_RelayOffersKeysAndUsesTheChosenOne()
    {
        using var pbx = new MediaPeer();
        using var softphone = new MediaPeer();
        var callId = RelayHarness.NewCallId();

        var toPhone = RelayHarness.Parse(_harness.Offer(new NgOfferCommand(callId, "pbx", RelaySdp.Plain(pbx.Port)) { TransportProtocol = SdpProtocol.RtpSavp }));
        var offered = toPhone.Media[0].Cryptos;
        Assert.Equal(["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"], offered.Select(c => c.Suite));

        // The softphone picks tag 2 (the 32-bit tag suite) and sends its own key.
        var chosen = offered[1];
        Assert.Equal(SdesParseError.None, SdesKeyParams.TryParse(chosen.KeyParameters, SrtpProfile.AesCm128HmacSha1_32, out var relayKey));
        var phoneKey = RandomNumberGenerator.GetBytes(16);
        var phoneSalt = RandomNumberGenerator.GetBytes(14);
        var answer = Encoding(RelaySdp.Sdes(softphone.Port, "AES_CM_128_HMAC_SHA1_32", new SdesKeyParams { MasterKey = phoneKey, MasterSalt = phoneSalt }.Format()), "a=crypto:1 ", "a=crypto:2 ");
        var toPbx = RelayHarness.Parse(_harness.Answer(new NgAnswerCommand(callId, "pbx", "phone", answer)));
        Assert.Equal(SdpProtocol.RtpAvp, toPbx.Media[0].Protocol);

        using var phoneIn = new SrtpContext(SrtpProfile.AesCm128HmacSha1_32, relayKey!.MasterKey.Span, relayKey.MasterSalt.Span);
        pbx.Send(MediaPeer.RtpPacket(0xCCCC, 1).AsSpan(0, 172), RelayHarness.MediaEndPoint(toPbx));
        var secured = softphone.Receive();
        Assert.NotNull(secured);
        Assert.Equal(172 + 4, secured.Value.Data.Length);
        Assert.Equal(SrtpResult.Ok, phoneIn.UnprotectRtp(secured.Value.Data, out _));
    }

    private static byte[] Encoding(byte[] sdp, string from, string to) =>
        System.Text.Encoding.ASCII.GetBytes(System.Text.Encoding.ASCII.GetString(sdp).Replace(from, to, StringComparison.Ordinal));
}
