using System.Buffers;
using Bridgehead.Sip.Transport.WebSockets;
using CsCheck;

namespace Bridgehead.Tests.Transport.WebSockets;

public sealed class WebSocketFrameReaderTests
{
    [Fact]
    public void Rfc7118_RegisterClientFrame_UnmasksToTheRegister()
    {
        var frame = TransportVectors.Read("rfc7118", "modeled-not-rfc-text/register.client-frame.bin");
        var expected = TransportVectors.Read("rfc7118", "modeled-not-rfc-text/register.sip");

        var status = WebSocketFrameReader.TryReadHeader(new ReadOnlySequence<byte>(frame), 65536, requireMask: true, out var header, out _);

        Assert.Equal(WebSocketFrameStatus.Header, status);
        Assert.True(header.Fin);
        Assert.Equal(WebSocketOpcode.Text, header.Opcode);
        Assert.Equal(8, header.HeaderLength);
        Assert.Equal(frame.Length, header.FrameLength);
        var payload = frame.AsSpan(header.HeaderLength).ToArray();
        WebSocketFrameReader.Unmask(payload, header.MaskKey, 0);
        Assert.Equal(expected, payload);
    }

    [Fact]
    public void Rfc7118_RegisterServerFrame_IsWhatTheWriterWrites()
    {
        var frame = TransportVectors.Read("rfc7118", "modeled-not-rfc-text/register-200.server-frame.bin");
        var message = TransportVectors.Read("rfc7118", "modeled-not-rfc-text/register-200.sip");
        var header = new byte[WebSocketFrameReader.MaxHeaderLength];

        var n = WebSocketFrameWriter.WriteHeader(header, WebSocketOpcode.Text, message.Length);

        Assert.Equal(frame, header[..n].Concat(message).ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x81 })]
    [InlineData(new byte[] { 0x81, 0xFE, 0x01 })]
    [InlineData(new byte[] { 0x81, 0xFF, 0, 0, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0x81, 0x85, 1, 2, 3 })]
    public void TryReadHeader_Truncated_NeedsMore(byte[] bytes)
    {
        Assert.Equal(WebSocketFrameStatus.NeedMore, WebSocketFrameReader.TryReadHeader(bytes, 65536, true, out _, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0x81, 0x05, 1, 2, 3, 4, 5 }, WebSocketFrameError.UnmaskedClientFrame)]
    [InlineData(new byte[] { 0xC1, 0x85, 1, 2, 3, 4 }, WebSocketFrameError.ReservedBitsSet)]
    [InlineData(new byte[] { 0x83, 0x85, 1, 2, 3, 4 }, WebSocketFrameError.UnknownOpcode)]
    [InlineData(new byte[] { 0x09, 0x85, 1, 2, 3, 4 }, WebSocketFrameError.BadControlFrame)]
    [InlineData(new byte[] { 0x89, 0xFE, 0x00, 0x7E, 1, 2, 3, 4 }, WebSocketFrameError.BadControlFrame)]
    [InlineData(new byte[] { 0x81, 0xFE, 0x00, 0x05, 1, 2, 3, 4 }, WebSocketFrameError.BadLength)]
    [InlineData(new byte[] { 0x81, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4 }, WebSocketFrameError.BadLength)]
    [InlineData(new byte[] { 0x81, 0xFF, 0, 0, 0, 0, 0, 0x01, 0, 0x01, 1, 2, 3, 4 }, WebSocketFrameError.MessageTooBig)]
    public void TryReadHeader_FrameBreakingRfc6455_IsAnErrorWithItsReason(byte[] bytes, WebSocketFrameError expected)
    {
        var status = WebSocketFrameReader.TryReadHeader(bytes, 65536, true, out _, out var error);

        Assert.Equal(WebSocketFrameStatus.Error, status);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(WebSocketFrameError.MessageTooBig, 1009)]
    [InlineData(WebSocketFrameError.NotSip, 1007)]
    [InlineData(WebSocketFrameError.InvalidUtf8, 1007)]
    [InlineData(WebSocketFrameError.UnmaskedClientFrame, 1002)]
    public void CloseStatus_NamesTheRfc6455Code(WebSocketFrameError error, int code)
    {
        Assert.Equal(code, (int)error.CloseStatus());
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(error.CloseReason()) <= 123);
    }

    [Fact]
    public void WriterThenReader_AnyPayloadLengthAndSplit_RoundTrips()
    {
        Gen.Int[0, 70000].Select(Gen.Int[0, 16]).Sample((length, cut) =>
        {
            var header = new byte[WebSocketFrameReader.MaxHeaderLength];
            var n = WebSocketFrameWriter.WriteHeader(header, WebSocketOpcode.Binary, length);
            var sequence = Split(header[..n], Math.Min(cut, n));

            var status = WebSocketFrameReader.TryReadHeader(sequence, long.MaxValue, requireMask: false, out var read, out _);

            Assert.Equal(WebSocketFrameStatus.Header, status);
            Assert.Equal(length, read.PayloadLength);
            Assert.Equal(n, read.HeaderLength);
            Assert.Equal(WebSocketOpcode.Binary, read.Opcode);
        });
    }

    [Fact]
    public void Unmask_InPiecesAtAnyOffset_EqualsUnmaskingAtOnce()
    {
        Gen.Byte.Array[0, 300].Select(Gen.UInt, Gen.Int[0, 300]).Sample((data, key, cut) =>
        {
            cut = Math.Min(cut, data.Length);
            var whole = data.ToArray();
            WebSocketFrameReader.Unmask(whole, key, 0);
            var pieces = data.ToArray();
            WebSocketFrameReader.Unmask(pieces.AsSpan(0, cut), key, 0);
            WebSocketFrameReader.Unmask(pieces.AsSpan(cut), key, cut);

            Assert.Equal(whole, pieces);
            for (var i = 0; i < data.Length; i++)
            {
                Assert.Equal((byte)(data[i] ^ (byte)(key >> ((i & 3) * 8))), whole[i]);
            }
        });
    }

    private static ReadOnlySequence<byte> Split(byte[] bytes, int at)
    {
        if (at <= 0 || at >= bytes.Length)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segment(bytes.AsMemory(0, at), 0);
        var last = first.Append(bytes.AsMemory(at));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
