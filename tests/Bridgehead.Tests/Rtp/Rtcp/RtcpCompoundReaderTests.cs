using System.Text;
using Bridgehead.Rtp.Rtcp;
using CsCheck;

namespace Bridgehead.Tests.Rtp.Rtcp;

public sealed class RtcpCompoundReaderTests
{
    // SR with one report block, SDES with a CNAME, BYE with a reason, then PSFB PLI.
    private const string SenderReport =
        "81C8000C" + "11223344" + "E5F1A2B3C4D5E6F7" + "00015F90" + "00000064" + "00003E80"
        + "55667788" + "05FFFFFE" + "0001ABCD" + "00000020" + "A2B3C4D5" + "00010000";
    private const string Sdes = "81CA0004" + "11223344" + "0107" + "616C696365403100" + "0000";
    private const string Bye = "81CB0002" + "11223344" + "03627965";
    private const string Pli = "81CE0002" + "11223344" + "55667788";

    [Fact]
    public void TryReadNext_CompoundPacket_ReadsEachTypedView()
    {
        var compound = Convert.FromHexString(SenderReport + Sdes + Bye + Pli);
        Assert.Equal(RtcpPacketError.None, RtcpCompoundReader.Validate(compound));
        var reader = new RtcpCompoundReader(compound);

        Assert.True(reader.TryReadNext(out var first, out _));
        Assert.True(first.TryGetSenderReport(out var sr));
        Assert.Equal(0x11223344u, sr.Ssrc);
        Assert.Equal(0xE5F1A2B3C4D5E6F7UL, sr.NtpTimestamp);
        Assert.Equal(90000u, sr.RtpTimestamp);
        Assert.Equal(100u, sr.PacketCount);
        Assert.Equal(16000u, sr.OctetCount);
        var block = sr.GetReportBlock(0);
        Assert.Equal(0x55667788u, block.Ssrc);
        Assert.Equal(5, block.FractionLost);
        Assert.Equal(-2, block.CumulativeLost);
        Assert.Equal(0x0001ABCDu, block.ExtendedHighestSequenceNumber);
        Assert.Equal(32u, block.Jitter);
        Assert.Equal(0xA2B3C4D5u, block.LastSenderReport);
        Assert.Equal(65536u, block.DelaySinceLastSenderReport);

        Assert.True(reader.TryReadNext(out var second, out _));
        Assert.True(second.TryGetSourceDescription(out var sdes));
        Assert.True(sdes.TryReadNextItem(out var itemType, out var value));
        Assert.Equal(SdesItemType.CanonicalName, itemType);
        Assert.Equal(0x11223344u, sdes.CurrentSsrc);
        Assert.Equal("alice@1", Encoding.ASCII.GetString(value));
        Assert.False(sdes.TryReadNextItem(out _, out _));

        Assert.True(reader.TryReadNext(out var third, out _));
        Assert.True(third.TryGetGoodbye(out var bye));
        Assert.Equal(1, bye.SourceCount);
        Assert.Equal(0x11223344u, bye.GetSsrc(0));
        Assert.Equal("bye"u8.ToArray(), bye.Reason.ToArray());

        Assert.True(reader.TryReadNext(out var fourth, out _));
        Assert.True(fourth.TryGetFeedback(out var feedback));
        Assert.Equal(RtcpPacketType.PayloadFeedback, feedback.PacketType);
        Assert.Equal(RtcpFeedback.PictureLossIndication, feedback.Format);
        Assert.Equal(0x11223344u, feedback.SenderSsrc);
        Assert.Equal(0x55667788u, feedback.MediaSsrc);
        Assert.True(feedback.FeedbackControlInformation.IsEmpty);

        Assert.False(reader.TryReadNext(out _, out var end));
        Assert.Equal(RtcpPacketError.None, end);
    }

    [Fact]
    public void TryGetApplicationDefined_ReadsNameAndData()
    {
        var app = Convert.FromHexString("85CC0003" + "11223344" + "51534E54" + "01020304");
        var reader = new RtcpCompoundReader(app);
        Assert.True(reader.TryReadNext(out var packet, out _));
        Assert.True(packet.TryGetApplicationDefined(out var view));
        Assert.Equal(5, view.Subtype);
        Assert.Equal("QSNT"u8.ToArray(), view.Name.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, view.ApplicationData.ToArray());
    }

    [Theory]
    [InlineData(Pli, RtcpPacketError.FirstNotReport)]
    [InlineData("81C9", RtcpPacketError.TooShort)]
    [InlineData("41C9000111223344", RtcpPacketError.BadVersion)]
    [InlineData("81C9000211223344", RtcpPacketError.LengthOverrun)]
    [InlineData("A1C9000111223344" + Pli, RtcpPacketError.BadPadding)]
    [InlineData("A1C9000111223300", RtcpPacketError.BadPadding)]
    [InlineData("80C9000111223344" + "81", RtcpPacketError.TooShort)]
    public void Validate_Malformed_ReportsReason(string hex, RtcpPacketError expected) =>
        Assert.Equal(expected, RtcpCompoundReader.Validate(Convert.FromHexString(hex)));

    [Fact]
    public void Validate_ReducedSizeAllowed_AcceptsFeedbackAlone() =>
        Assert.Equal(RtcpPacketError.None, RtcpCompoundReader.Validate(Convert.FromHexString(Pli), allowReducedSize: true));

    [Fact]
    public void Validate_PaddedLastPacket_IsAcceptedAndBodyExcludesPadding()
    {
        var padded = Convert.FromHexString("80C90001" + "11223344" + "A1CB0002" + "55667788" + "00000004");
        Assert.Equal(RtcpPacketError.None, RtcpCompoundReader.Validate(padded));
        var reader = new RtcpCompoundReader(padded);
        reader.TryReadNext(out _, out _);
        Assert.True(reader.TryReadNext(out var bye, out _));
        Assert.Equal(4, bye.PaddingLength);
        Assert.Equal(4, bye.Body.Length);
    }

    [Fact]
    public void RtcpHeader_Rewrites_SenderReportBlockAndFeedbackSsrcs()
    {
        var compound = Convert.FromHexString(SenderReport + Pli);
        RtcpHeader.SetSenderSsrc(compound, 0xAAAAAAAA);
        RtcpHeader.SetReportBlockSsrc(compound, 0, 0xBBBBBBBB);
        var pli = compound.AsSpan(52);
        RtcpHeader.SetSenderSsrc(pli, 0xCCCCCCCC);
        RtcpHeader.SetFeedbackMediaSsrc(pli, 0xDDDDDDDD);

        var reader = new RtcpCompoundReader(compound);
        reader.TryReadNext(out var first, out _);
        first.TryGetSenderReport(out var sr);
        Assert.Equal(0xAAAAAAAAu, sr.Ssrc);
        Assert.Equal(0xBBBBBBBBu, sr.GetReportBlock(0).Ssrc);
        reader.TryReadNext(out var second, out _);
        second.TryGetFeedback(out var feedback);
        Assert.Equal(0xCCCCCCCCu, feedback.SenderSsrc);
        Assert.Equal(0xDDDDDDDDu, feedback.MediaSsrc);
    }

    [Fact]
    public void Validate_RandomBytes_NeverThrowsAndViewsStayInBounds()
    {
        Gen.Byte.Array[0, 100].Sample(bytes =>
        {
            RtcpCompoundReader.Validate(bytes, allowReducedSize: true);
            var reader = new RtcpCompoundReader(bytes);
            while (reader.TryReadNext(out var packet, out _))
            {
                if (packet.TryGetSenderReport(out var sr) && sr.ReportCount > 0)
                {
                    _ = sr.GetReportBlock(sr.ReportCount - 1);
                }

                if (packet.TryGetSourceDescription(out var sdes))
                {
                    while (sdes.TryReadNextItem(out _, out _))
                    {
                    }
                }

                if (packet.TryGetGoodbye(out var bye))
                {
                    _ = bye.Reason.Length;
                }
            }
        }, iter: 5000);
    }
}
