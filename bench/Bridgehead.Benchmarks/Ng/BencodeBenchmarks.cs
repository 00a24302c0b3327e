using BenchmarkDotNet.Attributes;
using Bridgehead.Ng;
using Bridgehead.Ng.Bencode;
using Bridgehead.Sdp;

namespace Bridgehead.Benchmarks.Ng;

/// <summary>
/// A typical offer command: Chromium's offer with Kamailio's WebRTC -> SIP flags
/// (ng-protocol §5.1), about 1.8 KB on the wire. Encode is what the edge does per offer when it
/// drives rtpengine; decode is what the relay's ng server does per request.
/// </summary>
[MemoryDiagnoser]
public class BencodeBenchmarks
{
    private NgOfferCommand command = null!;
    private BencodeDictionary dictionary = null!;
    private byte[] datagram = [];
    private byte[] body = [];

    [GlobalSetup]
    public void Setup()
    {
        command = new NgOfferCommand("0a6jakfdh33p9142duvg", "a0fij3rtsf", BenchmarkFiles.Read("Sdp", "chrome-offer.sdp"))
        {
            ViaBranch = "z9hG4bK7910467",
            Flags = ["trust-address"],
            Replace = NgReplace.Origin | NgReplace.SessionConnection,
            RtcpMux = NgRtcpMux.Demux,
            Dtls = NgDtlsMode.Off,
            Sdes = ["off"],
            Ice = NgIceMode.Remove,
            TransportProtocol = SdpProtocol.RtpAvp,
            ReceivedFrom = new NgAddress("IP4", "127.0.0.1"),
        };
        dictionary = NgCommandWriter.ToDictionary(command);
        datagram = NgMessage.EncodeRequest("5323_1", command);
        body = datagram[7..];
    }

    [Benchmark]
    public byte[] EncodeDictionary() => BencodeWriter.ToBytes(dictionary);

    [Benchmark]
    public BencodeValue? DecodeDictionary() => BencodeReader.TryRead(body, out var value, out _) ? value : null;

    /// <summary>Typed command to datagram: the client side.</summary>
    [Benchmark]
    public byte[] EncodeOfferCommand() => NgMessage.EncodeRequest("5323_1", command);

    /// <summary>Datagram to typed command: the server side.</summary>
    [Benchmark]
    public NgCommand? DecodeOfferCommand() => NgMessage.TryParseRequest(datagram, out _, out var parsed, out _) ? parsed : null;
}
