using System.Text;
using Bridgehead.Ng;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Tests.Ng;

public sealed class NgReplyWriterTests
{
    private static string Encode(NgReply reply) => Encoding.UTF8.GetString(NgMessage.EncodeReply("c", reply));

    [Fact]
    public void EncodeReply_SpecVectors()
    {
        Assert.Equal("c d6:result4:ponge", Encode(new NgPongReply()));
        Assert.Equal("c d12:error-reason15:Unknown call-id6:result5:errore", Encode(new NgErrorReply("Unknown call-id")));
    }

    [Fact]
    public void EncodeReply_Error_CarriesNothingButTheReason()
    {
        var reply = new NgErrorReply("No call-id in message")
        {
            Warning = "ignored",
            ClientError = NgClientError.Timeout,
            OtherKeys = new Dictionary<string, BencodeValue> { ["x"] = 1 },
        };

        Assert.Equal("c d12:error-reason21:No call-id in message6:result5:errore", Encode(reply));
    }

    [Fact]
    public void EncodeReply_SdpListAndWarning()
    {
        Assert.Equal("c d6:result2:ok3:sdp5:v=0\r\n7:warning1:we", Encode(new NgSdpReply("v=0\r\n"u8.ToArray()) { Warning = "w" }));
        Assert.Equal("c d5:callsl2:c12:c2e6:result2:oke", Encode(new NgListReply(["c1", "c2"])));
        Assert.Equal("c d6:result2:oke", Encode(new NgDeleteReply(null)));
        Assert.Equal("c d6:result2:oke", Encode(new NgOkReply()));
    }

    [Theory]
    [InlineData("query.reply.bin", NgCommandKind.Query)]
    [InlineData("delete.reply.bin", NgCommandKind.Delete)]
    public void EncodeReplyOfRead_CapturedStatistics_KeepsRtpenginesLayout(string name, NgCommandKind command)
    {
        Assert.True(NgMessage.TryParseReply(NgSamples.Read(name), command, out var cookie, out var reply, out _));

        var encoded = NgMessage.EncodeReply(cookie, reply);

        // Everything the typed model holds comes back where rtpengine put it.
        Assert.True(NgMessage.TryParse(NgSamples.Read(name), out _, out var theirs, out _, out _));
        Assert.True(NgMessage.TryParse(encoded, out _, out var ours, out _, out _));
        var theirTag = (BencodeDictionary)((BencodeDictionary)theirs["tags"]!)["ftag1"]!;
        var ourTag = (BencodeDictionary)((BencodeDictionary)ours["tags"]!)["ftag1"]!;
        var theirStream = (BencodeDictionary)((BencodeList)((BencodeDictionary)((BencodeList)theirTag["medias"]!)[0])["streams"]!)[0];
        var ourStream = (BencodeDictionary)((BencodeList)((BencodeDictionary)((BencodeList)ourTag["medias"]!)[0])["streams"]!)[0];
        foreach (var key in new[] { "local port", "local address", "family", "endpoint", "advertised endpoint", "last packet", "flags", "stats" })
        {
            Assert.Equal(BencodeWriter.ToBytes(theirStream[key]!), BencodeWriter.ToBytes(ourStream[key]!));
        }

        Assert.Equal(BencodeWriter.ToBytes(theirs["totals"]!), BencodeWriter.ToBytes(ours["totals"]!));
        Assert.Equal(BencodeWriter.ToBytes(theirs["created"]!), BencodeWriter.ToBytes(ours["created"]!));

        // And it reads back to the same typed call.
        Assert.True(NgMessage.TryParseReply(encoded, command, out _, out var again, out _));
        Assert.Equal(BencodeWriter.ToBytes(NgReplyWriter.ToDictionary(reply)), BencodeWriter.ToBytes(NgReplyWriter.ToDictionary(again)));
    }

    [Fact]
    public void EncodeReply_CapturedStatistics_RoundTrips()
    {
        Assert.True(NgMessage.TryParseReply(NgSamples.Read("statistics.reply.bin"), NgCommandKind.Statistics, out var cookie, out var reply, out _));
        Assert.True(NgMessage.TryParse(NgSamples.Read("statistics.reply.bin"), out _, out var theirs, out _, out _));

        Assert.Equal(BencodeWriter.ToBytes(theirs), BencodeWriter.ToBytes(NgReplyWriter.ToDictionary(reply)));
        Assert.Equal("cap_6", cookie);
    }
}
