using Bridgehead.Stun;

namespace Bridgehead.Tests.Stun;

public sealed class DemuxClassifierTests
{
    [Theory]
    [InlineData(0, DemuxPacketKind.Stun)]
    [InlineData(3, DemuxPacketKind.Stun)]
    [InlineData(4, DemuxPacketKind.Unknown)]
    [InlineData(15, DemuxPacketKind.Unknown)]
    [InlineData(16, DemuxPacketKind.Zrtp)]
    [InlineData(19, DemuxPacketKind.Zrtp)]
    [InlineData(20, DemuxPacketKind.Dtls)]
    [InlineData(22, DemuxPacketKind.Dtls)]
    [InlineData(63, DemuxPacketKind.Dtls)]
    [InlineData(64, DemuxPacketKind.TurnChannel)]
    [InlineData(79, DemuxPacketKind.TurnChannel)]
    [InlineData(80, DemuxPacketKind.Unknown)]
    [InlineData(127, DemuxPacketKind.Unknown)]
    [InlineData(128, DemuxPacketKind.Rtp)]
    [InlineData(191, DemuxPacketKind.Rtp)]
    [InlineData(192, DemuxPacketKind.Unknown)]
    [InlineData(255, DemuxPacketKind.Unknown)]
    public void Classify_FirstByte_FollowsRfc7983Ranges(int first, DemuxPacketKind expected)
    {
        var datagram = new byte[32];
        datagram[0] = (byte)first;
        datagram[1] = 0x00;
        Assert.Equal(expected, DemuxClassifier.Classify(datagram));
    }

    [Theory]
    [InlineData(200, DemuxPacketKind.Rtcp)] // SR
    [InlineData(201, DemuxPacketKind.Rtcp)] // RR
    [InlineData(206, DemuxPacketKind.Rtcp)] // PSFB
    [InlineData(192, DemuxPacketKind.Rtcp)]
    [InlineData(223, DemuxPacketKind.Rtcp)]
    [InlineData(0x00, DemuxPacketKind.Rtp)] // PCMU
    [InlineData(0x80 | 0, DemuxPacketKind.Rtp)] // PCMU with marker
    [InlineData(111, DemuxPacketKind.Rtp)] // Opus
    [InlineData(0x80 | 111, DemuxPacketKind.Rtp)]
    [InlineData(0x80 | 96, DemuxPacketKind.Rtp)] // 224: PT 96 with marker is RTP
    public void Classify_RtcpMux_SecondByteSeparatesRtcp(int secondByte, DemuxPacketKind expected)
    {
        var datagram = new byte[28];
        datagram[0] = 0x80;
        datagram[1] = (byte)secondByte;
        Assert.Equal(expected, DemuxClassifier.Classify(datagram));
    }

    [Fact]
    public void Classify_TooShortForKind_IsUnknown()
    {
        Assert.Equal(DemuxPacketKind.Unknown, DemuxClassifier.Classify([]));
        Assert.Equal(DemuxPacketKind.Unknown, DemuxClassifier.Classify(new byte[19]));
        Assert.Equal(DemuxPacketKind.Unknown, DemuxClassifier.Classify([0x80, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        Assert.Equal(DemuxPacketKind.Unknown, DemuxClassifier.Classify([0x80, 200, 0, 1]));
    }

    [Fact]
    public void Classify_Rfc5769SampleRequest_IsStun() =>
        Assert.Equal(DemuxPacketKind.Stun, DemuxClassifier.Classify(StunVectors.Read("rfc5769/sample-request.bin")));
}
