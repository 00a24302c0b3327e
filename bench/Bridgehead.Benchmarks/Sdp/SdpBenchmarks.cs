using System.Buffers;
using BenchmarkDotNet.Attributes;
using Bridgehead.Sdp;

namespace Bridgehead.Benchmarks.Sdp;

/// <summary>
/// Parsing and writing Chromium's offer (Sdp/chrome-offer.sdp, 1.5 KB, 40 lines): what the
/// relay does with every browser INVITE and re-INVITE.
/// </summary>
[MemoryDiagnoser]
public class SdpBenchmarks
{
    private readonly ArrayBufferWriter<byte> output = new(4096);
    private byte[] chromeOffer = [];
    private SdpSession parsed = null!;

    [GlobalSetup]
    public void Setup()
    {
        chromeOffer = BenchmarkFiles.Read("Sdp", "chrome-offer.sdp");
        if (!SdpParser.TryParse(chromeOffer, out var session, out var failure))
        {
            throw new InvalidOperationException(failure.ToString());
        }

        parsed = session;
    }

    [Benchmark]
    public SdpSession? Parse() => SdpParser.TryParse(chromeOffer, out var session, out _) ? session : null;

    [Benchmark]
    public int Write()
    {
        output.ResetWrittenCount();
        SdpWriter.Write(parsed, output);
        return output.WrittenCount;
    }

    [Benchmark(Baseline = true)]
    public int ParseAndWrite()
    {
        if (!SdpParser.TryParse(chromeOffer, out var session, out _))
        {
            return -1;
        }

        output.ResetWrittenCount();
        SdpWriter.Write(session, output);
        return output.WrittenCount;
    }

    /// <summary>What a relay reads from a browser offer: codecs, candidates, ICE and DTLS attributes.</summary>
    [Benchmark]
    public int ParseAndReadWebRtcFields()
    {
        if (!SdpParser.TryParse(chromeOffer, out var session, out _))
        {
            return -1;
        }

        var media = session.Media[0];
        return media.Codecs.Count + media.Candidates.Count + media.Fingerprints.Count
            + (media.IceUfrag?.Length ?? 0) + (media.Setup is null ? 0 : 1) + (media.RtcpMux ? 1 : 0);
    }
}
