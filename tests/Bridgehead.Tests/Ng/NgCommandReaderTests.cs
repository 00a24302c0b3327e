using System.Text;
using Bridgehead.Ng;
using Bridgehead.Ng.Bencode;

namespace Bridgehead.Tests.Ng;

public sealed class NgCommandReaderTests
{
    private static NgCommand Read(BencodeDictionary body)
    {
        Assert.True(NgCommandReader.TryRead(body, out var command, out var error), error.ToString());
        return command;
    }

    private static BencodeDictionary Offer() => new()
    {
        ["command"] = "offer",
        ["call-id"] = "c1",
        ["from-tag"] = "f1",
        ["sdp"] = "v=0\r\n",
    };

    [Fact]
    public void TryRead_KeysWithSpaces_AreTheHyphenatedKeys()
    {
        var body = Offer();
        body["transport protocol"] = "RTP/AVP";
        body["received from"] = BencodeList.OfStrings(["IP4", "192.0.2.9"]);
        body["via branch"] = "z9hG4bK1";

        var offer = Assert.IsType<NgOfferCommand>(Read(body));

        Assert.Equal("RTP/AVP", offer.TransportProtocol);
        Assert.Equal(new NgAddress("IP4", "192.0.2.9"), offer.ReceivedFrom);
        Assert.Equal("z9hG4bK1", offer.ViaBranch);
        Assert.Empty(offer.OtherKeys);
    }

    [Fact]
    public void TryRead_UnknownKeysAndUnknownWords_AreKeptVerbatim()
    {
        var body = Offer();
        body["x-custom"] = new BencodeList([1, "two"]);
        body["ICE"] = "sideways";
        body["rtcp-mux"] = BencodeList.OfStrings(["offer", "bogus"]);
        body["codec"] = new BencodeDictionary { ["frobnicate"] = BencodeList.OfStrings(["PCMU"]) };

        var offer = Assert.IsType<NgOfferCommand>(Read(body));

        Assert.Null(offer.Ice);
        Assert.Equal(NgRtcpMux.None, offer.RtcpMux);
        Assert.Null(offer.Codec);
        Assert.Equal(["ICE", "codec", "rtcp-mux", "x-custom"], offer.OtherKeys.Keys.Order(StringComparer.Ordinal));

        // Re-encoded by a client, nothing is lost.
        Assert.Equal(BencodeWriter.ToBytes(body), BencodeWriter.ToBytes(NgCommandWriter.ToDictionary(offer)));
    }

    [Fact]
    public void TryRead_SingleStringsAndNumericStrings_AreAcceptedForListsAndNumbers()
    {
        // Modules pass "key=value" words through as strings.
        var body = Offer();
        body["flags"] = "trust-address";
        body["SDES"] = "off";
        body["ptime"] = "20";
        body["ptime-reverse"] = 30;

        var offer = Assert.IsType<NgOfferCommand>(Read(body));

        Assert.Equal(["trust-address"], offer.Flags);
        Assert.Equal(["off"], offer.Sdes);
        Assert.Equal((20, 30), (offer.Ptime, offer.PtimeReverse));
    }

    [Fact]
    public void TryRead_KamailioWebRtcToSipOffer_ReadsTheWholeFlagSet()
    {
        // ng-protocol §5.3: FreeSWITCH -> browser, towards the browser.
        var body = Offer();
        body["flags"] = BencodeList.OfStrings(["trust-address", "generate-mid"]);
        body["rtcp-mux"] = BencodeList.OfStrings(["offer", "require"]);
        body["DTLS-fingerprint"] = "sha-256";
        body["DTLS"] = "passive";
        body["SDES"] = BencodeList.OfStrings(["off"]);
        body["ICE"] = "force";
        body["ICE-lite"] = "forward";
        body["transport-protocol"] = "UDP/TLS/RTP/SAVPF";
        body["replace"] = BencodeList.OfStrings(["origin", "session connection", "SDP-version"]);
        body["direction"] = BencodeList.OfStrings(["internal", "external"]);
        body["codec"] = new BencodeDictionary
        {
            ["strip"] = BencodeList.OfStrings(["all"]),
            ["offer"] = BencodeList.OfStrings(["PCMU", "PCMA", "telephone-event"]),
            ["mask"] = BencodeList.OfStrings(["opus"]),
            ["transcode"] = BencodeList.OfStrings(["opus/48000/2/32000"]),
        };
        body["address-family"] = "IP4";
        body["media-address"] = "203.0.113.7";
        body["label"] = "caller";
        body["record-call"] = "yes";
        body["rtpp_flags"] = "trust-address ICE=force";
        body["to-tag"] = "t1";

        var offer = Assert.IsType<NgOfferCommand>(Read(body));

        Assert.True(offer.HasFlag("Generate MID"));
        Assert.Equal(NgRtcpMux.Offer | NgRtcpMux.Require, offer.RtcpMux);
        Assert.Equal(("sha-256", NgDtlsMode.Passive, NgIceMode.Force, NgIceLiteMode.Forward), (offer.DtlsFingerprint, offer.Dtls, offer.Ice, offer.IceLite));
        Assert.Equal(NgReplace.Origin | NgReplace.SessionConnection | NgReplace.SdpVersion, offer.Replace);
        Assert.Equal(["internal", "external"], offer.Direction);
        Assert.Equal(["all"], offer.Codec!.Strip);
        Assert.Equal(["PCMU", "PCMA", "telephone-event"], offer.Codec.Offer);
        Assert.Equal(["opus"], offer.Codec.Mask);
        Assert.Equal(["opus/48000/2/32000"], offer.Codec.Transcode);
        Assert.Equal(("IP4", "203.0.113.7", "caller", "yes"), (offer.AddressFamily, offer.MediaAddress, offer.Label, offer.RecordCall));
        Assert.Equal("trust-address ICE=force", offer.RtppFlags);
        Assert.Equal("t1", offer.ToTag);
        Assert.Empty(offer.OtherKeys);
    }

    [Theory]
    [InlineData("off", NgDtlsMode.Off)]
    [InlineData("no", NgDtlsMode.Off)]
    [InlineData("disable", NgDtlsMode.Off)]
    [InlineData("Passive", NgDtlsMode.Passive)]
    [InlineData("active", NgDtlsMode.Active)]
    public void TryRead_DtlsWords_MapToModes(string word, NgDtlsMode expected)
    {
        var body = Offer();
        body["DTLS"] = word;

        Assert.Equal(expected, Assert.IsType<NgOfferCommand>(Read(body)).Dtls);
    }

    [Theory]
    [InlineData("remove", NgIceMode.Remove)]
    [InlineData("force", NgIceMode.Force)]
    [InlineData("force-relay", NgIceMode.ForceRelay)]
    [InlineData("force_relay", NgIceMode.ForceRelay)]
    [InlineData("default", NgIceMode.Default)]
    [InlineData("optional", NgIceMode.Optional)]
    public void TryRead_IceWords_MapToModes(string word, NgIceMode expected)
    {
        var body = Offer();
        body["ICE"] = word;

        Assert.Equal(expected, Assert.IsType<NgOfferCommand>(Read(body)).Ice);
    }

    [Fact]
    public void TryRead_Delete_ReadsFlagsAndDelay()
    {
        var delete = Assert.IsType<NgDeleteCommand>(Read(new BencodeDictionary
        {
            ["command"] = "delete",
            ["call-id"] = "c1",
            ["from-tag"] = "f1",
            ["to-tag"] = "t1",
            ["via-branch"] = "b1",
            ["flags"] = BencodeList.OfStrings(["fatal", "to tag"]),
            ["delete-delay"] = 0,
        }));

        Assert.Equal(("c1", "f1", "t1", "b1", 0), (delete.CallId, delete.FromTag, delete.ToTag, delete.ViaBranch, delete.DeleteDelay));
        Assert.True(delete.HasFlag("fatal"));
        Assert.True(delete.HasFlag("to-tag"));
        Assert.False(delete.HasFlag("fast"));
    }

    [Fact]
    public void TryRead_DeleteWithoutFromTag_MeansTheWholeCall()
    {
        var delete = Assert.IsType<NgDeleteCommand>(Read(new BencodeDictionary { ["command"] = "delete", ["call-id"] = "c1" }));

        Assert.Null(delete.FromTag);
    }

    [Fact]
    public void TryRead_ListAndQuery_ReadTheirKeys()
    {
        Assert.Equal(5, Assert.IsType<NgListCommand>(Read(new BencodeDictionary { ["command"] = "list", ["limit"] = 5 })).Limit);
        Assert.Null(Assert.IsType<NgListCommand>(Read(new BencodeDictionary { ["command"] = "list" })).Limit);

        var query = Assert.IsType<NgQueryCommand>(Read(new BencodeDictionary { ["command"] = "query", ["call-id"] = "c1", ["from-tag"] = "f1" }));
        Assert.Equal(("c1", "f1", null), (query.CallId, query.FromTag, query.ToTag));
    }

    [Fact]
    public void TryRead_SdpWithRawBytes_IsKeptByteForByte()
    {
        byte[] latin1 = [.. Encoding.ASCII.GetBytes("v=0\r\ns=Caf"), 0xE9, (byte)'\r', (byte)'\n'];
        var body = Offer();
        body["sdp"] = new BencodeString(latin1);

        var offer = Assert.IsType<NgOfferCommand>(Read(body));

        Assert.Equal(latin1, offer.Sdp.ToArray());
    }

    [Fact]
    public void NgFlags_Equal_IgnoresCaseAndSeparators()
    {
        Assert.True(NgFlags.Equal("SIP-source-address", "sip source_address"));
        Assert.False(NgFlags.Equal("trust-address", "trust-addresses"));
        Assert.Equal("transport-protocol", NgFlags.NormalizeKey("transport protocol"));
    }
}
