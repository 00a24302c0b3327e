using Bridgehead.Rtp.Srtp;

namespace Bridgehead.Tests.Rtp.Srtp;

/// <summary>The index estimate of RFC 3711 Appendix A.</summary>
public sealed class SrtpStreamTests
{
    [Theory]
    [InlineData(0u, 100, 101, 101L)]
    [InlineData(0u, 100, 99, 99L)]
    [InlineData(0u, 65535, 0, 65536L)]
    [InlineData(0u, 65000, 10, 65536L + 10)]
    [InlineData(1u, 5, 65530, 65530L)]
    [InlineData(0u, 5, 65530, -1L)]
    [InlineData(3u, 32767, 65535, (3L << 16) + 65535)]
    [InlineData(3u, 32768, 0, (3L << 16) + 0)]
    [InlineData(3u, 40000, 7000, (4L << 16) + 7000)]
    public void Estimate_FollowsAppendixA(uint roc, int highest, int sequence, long expected) =>
        Assert.Equal(expected, SrtpStream.Estimate(roc, (ushort)highest, (ushort)sequence));

    [Fact]
    public void Advance_OnlyForward_MovesRocAndHighestSequence()
    {
        var stream = new SrtpStream(1, 64);
        stream.Advance(65535);
        stream.Advance(65536 + 3);
        stream.Advance(65534);
        Assert.Equal(1u, stream.RolloverCounter);
        Assert.Equal(3, stream.HighestSequence);
        Assert.Equal(65536L + 4, stream.EstimateIndex(4));
        Assert.Equal(65535L, stream.EstimateIndex(65535));
    }
}
