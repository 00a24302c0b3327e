using System.Text;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Tests.Ng.Bencode;

public sealed class BencodeWriterTests
{
    private static string Write(BencodeValue value) => Encoding.UTF8.GetString(BencodeWriter.ToBytes(value));

    [Fact]
    public void ToBytes_NgSpecScalars_MatchVectors()
    {
        Assert.Equal("i0e", Write(0));
        Assert.Equal("i-42e", Write(-42));
        Assert.Equal("i-9223372036854775808e", Write(long.MinValue));
        Assert.Equal("0:", Write(""));
        Assert.Equal([(byte)'2', (byte)':', 0xC3, 0xA9], BencodeWriter.ToBytes("é"));
    }

    [Fact]
    public void ToBytes_NgSpecContainers_MatchVectors()
    {
        Assert.Equal("le", Write(new BencodeList()));
        Assert.Equal("de", Write(new BencodeDictionary()));
        Assert.Equal("l7:RTP/AVPi5ee", Write(new BencodeList(["RTP/AVP", 5])));
        Assert.Equal("d7:command4:pinge", Write(new BencodeDictionary { ["command"] = "ping" }));
        Assert.Equal("d6:result4:ponge", Write(new BencodeDictionary { ["result"] = "pong" }));
    }

    [Fact]
    public void ToBytes_KeysAddedInAnyOrder_AreWrittenSortedByBytes()
    {
        Assert.Equal(
            "d3:ICE6:remove5:flagsl13:trust-addressee",
            Write(new BencodeDictionary { ["flags"] = BencodeList.OfStrings(["trust-address"]), ["ICE"] = "remove" }));
        Assert.Equal(
            "d7:call-id2:c17:command6:delete8:from-tag2:f16:to-tag2:t1e",
            Write(new BencodeDictionary { ["to-tag"] = "t1", ["from-tag"] = "f1", ["command"] = "delete", ["call-id"] = "c1" }));
        Assert.Equal(
            "d12:error-reason15:Unknown call-id6:result5:errore",
            Write(new BencodeDictionary { ["result"] = "error", ["error-reason"] = "Unknown call-id" }));
        Assert.Equal(
            "d5:codecd5:offerl4:PCMU4:PCMAe5:stripl3:alle9:transcodel4:opuseee",
            Write(new BencodeDictionary
            {
                ["codec"] = new BencodeDictionary
                {
                    ["transcode"] = BencodeList.OfStrings(["opus"]),
                    ["strip"] = BencodeList.OfStrings(["all"]),
                    ["offer"] = BencodeList.OfStrings(["PCMU", "PCMA"]),
                },
            }));
    }

    [Fact]
    public void Dictionary_SetExistingKey_Replaces()
    {
        var dictionary = new BencodeDictionary { ["a"] = 1 };

        dictionary["a"] = 2;
        Assert.False(dictionary.TryAdd(new BencodeString("a"), 3));
        dictionary["b"] = null;

        Assert.Equal("d1:ai2ee", Write(dictionary));
        Assert.True(dictionary.Remove("a"));
        Assert.Equal("de", Write(dictionary));
    }

    [Fact]
    public void Write_IntoBufferWriter_MatchesToBytes()
    {
        var value = new BencodeDictionary { ["sdp"] = "v=0\r\n", ["n"] = 12345 };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        BencodeWriter.Write(value, buffer);

        Assert.Equal(BencodeWriter.ToBytes(value), buffer.WrittenSpan.ToArray());
        Assert.Equal(buffer.WrittenCount, BencodeWriter.GetByteCount(value));
    }
}
