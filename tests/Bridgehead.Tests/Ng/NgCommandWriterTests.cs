using System.Text;
using Bridgehead.Ng;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Tests.Ng;

public sealed class NgCommandWriterTests
{
    private static string Encode(NgCommand command) => Encoding.UTF8.GetString(BencodeWriter.ToBytes(NgCommandWriter.ToDictionary(command)));

    [Fact]
    public void ToDictionary_Ping_IsTheSpecVector()
    {
        Assert.Equal("d7:command4:pinge", Encode(new NgPingCommand()));
    }

    [Fact]
    public void ToDictionary_Delete_IsTheSpecVector()
    {
        Assert.Equal("d7:call-id2:c17:command6:delete8:from-tag2:f16:to-tag2:t1e", Encode(new NgDeleteCommand("c1") { FromTag = "f1", ToTag = "t1" }));
    }

    [Fact]
    public void ToDictionary_OfferWithCodecAndAddresses_WritesCanonicalKeys()
    {
        var offer = new NgOfferCommand("c1", "f1", "v=0\r\n"u8.ToArray())
        {
            ToTag = "t1",
            ReceivedFrom = new NgAddress("IP4", "192.0.2.9"),
            Codec = new NgCodecOptions { Strip = ["all"], Offer = ["PCMU"] },
            Direction = ["internal", "external"],
            IceLite = NgIceLiteMode.Backward,
            Ptime = 20,
            Replace = NgReplace.SdpVersion | NgReplace.Origin,
        };

        var body = NgCommandWriter.ToDictionary(offer);

        Assert.Equal(["IP4", "192.0.2.9"], ((BencodeList)body["received-from"]!).Select(v => v.AsText()));
        Assert.Equal("d5:offerl4:PCMUe5:stripl3:allee", Encoding.UTF8.GetString(BencodeWriter.ToBytes(body["codec"]!)));
        Assert.Equal(["internal", "external"], ((BencodeList)body["direction"]!).Select(v => v.AsText()));
        Assert.Equal("backward", body["ICE-lite"]!.AsText());
        Assert.Equal(20, ((BencodeInteger)body["ptime"]!).Value);
        Assert.Equal(["origin", "SDP-version"], ((BencodeList)body["replace"]!).Select(v => v.AsText()));
        Assert.Null(body["ICE"]);
        Assert.Null(body["flags"]);

        // And it reads back to the same command.
        Assert.True(NgCommandReader.TryRead(body, out var read, out _));
        Assert.Equal(BencodeWriter.ToBytes(body), BencodeWriter.ToBytes(NgCommandWriter.ToDictionary(read)));
    }

    [Fact]
    public void ToDictionary_OtherKeys_DoNotOverrideTypedOnes()
    {
        var ping = new NgListCommand
        {
            Limit = 3,
            OtherKeys = new Dictionary<string, BencodeValue> { ["limit"] = 99, ["x"] = "y" },
        };

        Assert.Equal("d7:command4:list5:limiti3e1:x1:ye", Encode(ping));
    }
}
