using System.Text;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Tests.Ng.Bencode;

public sealed class BencodeReaderTests
{
    private static BencodeValue Read(string text)
    {
        Assert.True(BencodeReader.TryRead(Encoding.UTF8.GetBytes(text), out var value, out var failure), failure.ToString());
        return value;
    }

    private static BencodeFailure Fail(string text) => Fail(Encoding.UTF8.GetBytes(text));

    private static BencodeFailure Fail(byte[] bytes)
    {
        Assert.False(BencodeReader.TryRead(bytes, out var value, out var failure));
        Assert.Null(value);
        return failure;
    }

    [Theory]
    [InlineData("i0e", 0L)]
    [InlineData("i-42e", -42L)]
    [InlineData("i9223372036854775807e", long.MaxValue)]
    [InlineData("i-9223372036854775808e", long.MinValue)]
    public void TryRead_NgSpecIntegers_ReadsValue(string text, long expected)
    {
        Assert.Equal(expected, Assert.IsType<BencodeInteger>(Read(text)).Value);
    }

    [Fact]
    public void TryRead_NgSpecStrings_CountBytesNotCharacters()
    {
        Assert.Equal("", Read("0:").AsText());
        Assert.Equal("é", Assert.IsType<BencodeString>(BencodeReaderTests.ReadBytes([(byte)'2', (byte)':', 0xC3, 0xA9])).Text);
    }

    private static BencodeValue ReadBytes(byte[] bytes)
    {
        Assert.True(BencodeReader.TryRead(bytes, out var value, out _));
        return value;
    }

    [Fact]
    public void TryRead_NgSpecContainers_ReadsNestedValues()
    {
        Assert.Empty(Assert.IsType<BencodeList>(Read("le")));
        Assert.Empty(Assert.IsType<BencodeDictionary>(Read("de")));

        var list = Assert.IsType<BencodeList>(Read("l7:RTP/AVPi5ee"));
        Assert.Equal("RTP/AVP", list[0].AsText());
        Assert.Equal(5, Assert.IsType<BencodeInteger>(list[1]).Value);

        var codec = Assert.IsType<BencodeDictionary>(Assert.IsType<BencodeDictionary>(Read("d5:codecd5:offerl4:PCMU4:PCMAe5:stripl3:alle9:transcodel4:opuseee"))["codec"]);
        Assert.Equal(["PCMU", "PCMA"], Assert.IsType<BencodeList>(codec["offer"]).Select(v => v.AsText()));
        Assert.Equal(["all"], Assert.IsType<BencodeList>(codec["strip"]).Select(v => v.AsText()));
        Assert.Equal(["opus"], Assert.IsType<BencodeList>(codec["transcode"]).Select(v => v.AsText()));
    }

    [Fact]
    public void TryRead_UnsortedKeys_AreAcceptedAndSorted()
    {
        // rtpengine does not sort the keys of its replies (ng-protocol §1).
        var dictionary = Assert.IsType<BencodeDictionary>(Read("d6:result2:ok3:sdp3:v=07:warning1:xe"));

        Assert.Equal(["result", "sdp", "warning"], dictionary.Select(e => e.Key.Text));
        Assert.Equal("ok", dictionary["result"]!.AsText());
    }

    [Theory]
    [InlineData("i01e", BencodeError.InvalidInteger, 1)]
    [InlineData("i-0e", BencodeError.InvalidInteger, 1)]
    [InlineData("ie", BencodeError.InvalidInteger, 1)]
    [InlineData("i-e", BencodeError.InvalidInteger, 1)]
    [InlineData("i+1e", BencodeError.InvalidInteger, 1)]
    [InlineData("i1.5e", BencodeError.InvalidInteger, 1)]
    [InlineData("i9223372036854775808e", BencodeError.InvalidInteger, 1)]
    [InlineData("i12", BencodeError.Truncated, 1)]
    [InlineData("5:abc", BencodeError.StringTooLong, 0)]
    [InlineData("99999999999:x", BencodeError.InvalidLength, 0)]
    [InlineData("4294967296:x", BencodeError.StringTooLong, 0)]
    [InlineData("3", BencodeError.Truncated, 0)]
    [InlineData("3x:abc", BencodeError.InvalidLength, 0)]
    [InlineData("d3:keye", BencodeError.UnexpectedByte, 6)]
    [InlineData("di1e1:ae", BencodeError.KeyNotString, 1)]
    [InlineData("d1:a1:b1:a1:ce", BencodeError.DuplicateKey, 7)]
    [InlineData("i1ei2e", BencodeError.TrailingData, 3)]
    [InlineData("d6:result2:ok7:warning13:Call-ID unknowne", BencodeError.KeyNotString, 38)]
    [InlineData("l", BencodeError.Truncated, 1)]
    [InlineData("d", BencodeError.Truncated, 1)]
    [InlineData("x", BencodeError.UnexpectedByte, 0)]
    [InlineData("e", BencodeError.UnexpectedByte, 0)]
    [InlineData("", BencodeError.Empty, 0)]
    public void TryRead_NgSpecRejectedInputs_ReturnReasonAndOffset(string text, BencodeError error, int offset)
    {
        Assert.Equal(new BencodeFailure(error, offset), Fail(text));
    }

    [Fact]
    public void TryRead_UnsortedDuplicateKeys_AreRejected()
    {
        Assert.Equal(BencodeError.DuplicateKey, Fail("d1:b1:x1:a1:y1:b1:ze").Error);
    }

    [Fact]
    public void TryRead_DeepNesting_StopsAtTheLimit()
    {
        var deep = new string('l', 33) + new string('e', 33);
        var allowed = new string('l', 32) + new string('e', 32);

        Assert.Equal(BencodeError.TooDeep, Fail(deep).Error);
        Assert.IsType<BencodeList>(Read(allowed));
        Assert.Equal(BencodeError.TooDeep, Fail(new string('l', 100_000)).Error);
    }

    [Fact]
    public void TryRead_StringsAreCopies_CallerBufferCanBeReused()
    {
        var buffer = Encoding.ASCII.GetBytes("l4:pinge");
        Assert.True(BencodeReader.TryRead(buffer, out var value, out _));

        Array.Clear(buffer);

        Assert.Equal("ping", ((BencodeList)value)[0].AsText());
    }

    [Fact]
    public void TryRead_RtpengineStatisticsReply_ReadsNestedSections()
    {
        Assert.True(BencodeReader.TryRead(NgSamples.Body("statistics.reply.bin"), out var value, out var failure), failure.ToString());

        var statistics = Assert.IsType<BencodeDictionary>(Assert.IsType<BencodeDictionary>(value)["statistics"]);
        Assert.IsType<BencodeDictionary>(statistics["currentstatistics"]);
        Assert.IsType<BencodeList>(statistics["interfaces"]);
    }
}
