using System.Text;
using Bridgehead.Ng;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Tests.Ng;

public sealed class NgReplyReaderTests
{
    private static NgReply ReadCaptured(string name, NgCommandKind command)
    {
        Assert.True(NgMessage.TryParseReply(NgSamples.Read(name), command, out _, out var reply, out var error), error.ToString());
        return reply;
    }

    private static NgReply Read(string body, NgCommandKind command)
    {
        Assert.True(BencodeReader.TryRead(Encoding.UTF8.GetBytes(body), out var value, out _));
        Assert.True(NgReplyReader.TryRead(command, (BencodeDictionary)value, out var reply, out var error), error.ToString());
        return reply;
    }

    [Fact]
    public void TryParseReply_CapturedPong_IsPong()
    {
        Assert.IsType<NgPongReply>(ReadCaptured("ping.reply.bin", NgCommandKind.Ping));
    }

    [Fact]
    public void TryParseReply_CapturedWebRtcOffer_CarriesRtpenginesSdp()
    {
        var reply = Assert.IsType<NgSdpReply>(ReadCaptured("offer.reply.bin", NgCommandKind.Offer));

        Assert.Contains("m=audio 30000 UDP/TLS/RTP/SAVPF 0 8 96 101", reply.SdpText, StringComparison.Ordinal);
        Assert.Contains("a=fingerprint:sha-256 ", reply.SdpText, StringComparison.Ordinal);
        Assert.Empty(reply.OtherKeys);
        Assert.Null(reply.Warning);
    }

    [Fact]
    public void TryParseReply_CapturedQuery_ReadsTagsMediasStreamsAndTotals()
    {
        var reply = Assert.IsType<NgQueryReply>(ReadCaptured("query.reply.bin", NgCommandKind.Query));
        var call = reply.Call;

        // SSRC statistics are not typed; they stay available as received.
        Assert.Contains("SSRC", reply.OtherKeys.Keys);
        Assert.NotNull(call.Created);
        Assert.NotNull(call.LastSignal);
        Assert.Equal(["ftag1", "ttag1"], call.Tags.Select(t => t.Tag));
        var caller = call.Tags[0];
        Assert.Equal("ttag1", caller.InDialogueWith);
        Assert.Equal(["ttag1"], caller.Subscriptions);
        var media = Assert.Single(caller.Medias);
        Assert.Equal((1, "audio", "RTP/AVP"), (media.Index, media.Type, media.Protocol));
        Assert.Contains("send", media.Flags);
        Assert.NotEmpty(media.Streams);
        var rtp = media.Streams[0];
        Assert.InRange(rtp.LocalPort, 30000, 30100);
        Assert.Equal("127.0.0.1", rtp.LocalAddress);
        Assert.Equal(new NgEndpoint("IPv4", "127.0.0.1", 10810), rtp.Endpoint);
        Assert.Contains("RTP", rtp.Flags);
        Assert.Equal(NgPacketStats.Zero, rtp.Stats);
        var callee = call.Tags[1];
        Assert.Equal("UDP/TLS/RTP/SAVPF", Assert.Single(callee.Medias).Protocol);
        Assert.Equal(NgPacketStats.Zero, call.RtpTotals);
        Assert.Equal(NgPacketStats.Zero, call.RtcpTotals);
    }

    [Fact]
    public void TryParseReply_CapturedDelete_CarriesFinalStatistics()
    {
        var reply = Assert.IsType<NgDeleteReply>(ReadCaptured("delete.reply.bin", NgCommandKind.Delete));

        Assert.Equal(2, reply.Call!.Tags.Count);
    }

    [Fact]
    public void TryParseReply_CapturedListAndStatistics_AreTyped()
    {
        Assert.Equal(["cap-call-1"], Assert.IsType<NgListReply>(ReadCaptured("list.reply.bin", NgCommandKind.List)).Calls);

        var statistics = Assert.IsType<NgStatisticsReply>(ReadCaptured("statistics.reply.bin", NgCommandKind.Statistics));
        Assert.Equal(1, statistics.GetCounter("currentstatistics", "sessionsown"));
        Assert.NotNull(statistics.GetCounter("totalstatistics", "uptime"));
        Assert.Null(statistics.GetCounter("totalstatistics", "nonsense"));
    }

    [Fact]
    public void TryParseReply_CapturedErrors_CarryTheReason()
    {
        Assert.Equal("Call-ID not found or tags didn't match", Assert.IsType<NgErrorReply>(ReadCaptured("delete-unknown.reply.bin", NgCommandKind.Delete)).Reason);
        Assert.Equal("Unrecognized command", Assert.IsType<NgErrorReply>(ReadCaptured("unknown-command.reply.bin", NgCommandKind.Ping)).Reason);
        var noSdp = Assert.IsType<NgErrorReply>(ReadCaptured("offer-no-sdp.reply.bin", NgCommandKind.Offer));
        Assert.Equal(("No SDP body in message", NgClientError.None), (noSdp.Reason, noSdp.ClientError));
    }

    [Fact]
    public void TryRead_SpecErrorVector_IsErrorReply()
    {
        Assert.Equal("Unknown call-id", Assert.IsType<NgErrorReply>(Read("d12:error-reason15:Unknown call-id6:result5:errore", NgCommandKind.Query)).Reason);
    }

    [Fact]
    public void TryRead_OkWithWarning_KeepsWarning()
    {
        var reply = Read("d6:result2:ok7:warning15:Call-ID unknowne", NgCommandKind.Delete);

        var delete = Assert.IsType<NgDeleteReply>(reply);
        Assert.Null(delete.Call);
        Assert.Equal("Call-ID unknown", delete.Warning);
    }

    [Fact]
    public void TryRead_UnusualResult_IsAnErrorNamedByIt()
    {
        Assert.Equal("load limit", Assert.IsType<NgErrorReply>(Read("d6:result10:load limite", NgCommandKind.Offer)).Reason);
    }

    [Fact]
    public void TryRead_NumbersAsStrings_AreRead()
    {
        var call = Assert.IsType<NgQueryReply>(Read("d7:created10:17000000006:result2:ok4:tagsdee", NgCommandKind.Query)).Call;

        Assert.Equal(1700000000, call.Created);
    }

    [Theory]
    [InlineData("d3:sdp3:v=0e", NgCommandKind.Offer, NgError.MissingResult)]
    [InlineData("d6:resulti0ee", NgCommandKind.Offer, NgError.MissingResult)]
    [InlineData("d6:result2:oke", NgCommandKind.Offer, NgError.MalformedReply)]
    [InlineData("d6:result2:ok3:sdpi1ee", NgCommandKind.Answer, NgError.MalformedReply)]
    [InlineData("d6:result2:ok5:callsi1ee", NgCommandKind.List, NgError.MalformedReply)]
    [InlineData("d6:result2:oke", NgCommandKind.Statistics, NgError.MalformedReply)]
    public void TryRead_ReplyNotFittingItsCommand_IsMalformed(string body, NgCommandKind command, NgError expected)
    {
        Assert.True(BencodeReader.TryRead(Encoding.UTF8.GetBytes(body), out var value, out _));

        Assert.False(NgReplyReader.TryRead(command, (BencodeDictionary)value, out _, out var error));
        Assert.Equal(expected, error);
    }
}
