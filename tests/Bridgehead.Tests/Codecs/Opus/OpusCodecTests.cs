using Bridgehead.Codecs;
using Bridgehead.Codecs.Opus;

namespace Bridgehead.Tests.Codecs.Opus;

public sealed class OpusCodecTests
{
    [Theory]
    [InlineData(48000, 960)]
    [InlineData(8000, 160)]
    [InlineData(16000, 320)]
    public void EncodeDecode_Sine_KeepsFrequencyAndLevel(int sampleRate, int frame)
    {
        using var encoder = AudioCodecs.CreateEncoder(AudioCodec.Opus, sampleRate, 1);
        using var decoder = AudioCodecs.CreateDecoder(AudioCodec.Opus, sampleRate, 1);
        var input = Signal.Sine(sampleRate, 440, frame * 50, amplitude: 8000);
        var output = new short[input.Length];
        var payload = new byte[encoder.MaxPayloadLength(frame)];
        for (var f = 0; f < 50; f++)
        {
            Assert.Equal(CodecStatus.Done, encoder.Encode(input.AsSpan(f * frame, frame), payload, out var length));
            Assert.InRange(length, 2, 400);
            Assert.Equal(frame, decoder.GetSampleCount(payload.AsSpan(0, length)));
            Assert.Equal(CodecStatus.Done, decoder.Decode(payload.AsSpan(0, length), output.AsSpan(f * frame), out var samples));
            Assert.Equal(frame, samples);
        }

        // After the codec has settled (the first frames carry its look-ahead), the tone is there at
        // about its level and nothing else of note is.
        var settled = output.AsSpan(frame * 10);
        var tone = Signal.Amplitude(settled, sampleRate, 440);
        Assert.InRange(tone, 8000 * 0.7, 8000 * 1.3);
        Assert.True(Signal.Amplitude(settled, sampleRate, 1000) < tone / 20);
    }

    [Fact]
    public void Decode_StereoPacketIntoMono_Mixes()
    {
        using var encoder = new OpusAudioEncoder(48000, 2);
        using var decoder = new OpusAudioDecoder(8000, 1);
        var stereo = new short[960 * 2];
        var mono = Signal.Sine(48000, 600, 960, 6000);
        var payload = new byte[1500];
        var output = new short[160 * 30];
        for (var f = 0; f < 30; f++)
        {
            for (var i = 0; i < 960; i++)
            {
                stereo[2 * i] = mono[i];
                stereo[(2 * i) + 1] = mono[i];
            }

            Assert.Equal(CodecStatus.Done, encoder.Encode(stereo, payload, out var length));
            Assert.Equal(CodecStatus.Done, decoder.Decode(payload.AsSpan(0, length), output.AsSpan(f * 160), out var samples));
            Assert.Equal(160, samples);
        }

        Assert.InRange(Signal.Amplitude(output.AsSpan(160 * 10), 8000, 600), 6000 * 0.6, 6000 * 1.4);
    }

    [Fact]
    public void Encode_FrameOfInvalidDuration_IsInvalidFrameSize()
    {
        using var encoder = new OpusAudioEncoder(8000, 1);
        Assert.Equal(CodecStatus.InvalidFrameSize, encoder.Encode(new short[150], new byte[400], out var length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void Decode_EmptyOrMalformedPayload_IsInvalidData()
    {
        using var decoder = new OpusAudioDecoder(8000, 1);
        var pcm = new short[960];
        Assert.Equal(CodecStatus.InvalidData, decoder.Decode([], pcm, out _));

        // Code 3 (arbitrary frame count) with a count of zero frames (RFC 6716 §3.2.5, rule R5).
        Assert.Equal(CodecStatus.InvalidData, decoder.Decode([0x03, 0x00], pcm, out _));
    }

    [Fact]
    public void Conceal_AfterSpeech_FillsTheFrame()
    {
        using var encoder = new OpusAudioEncoder(8000, 1);
        using var decoder = new OpusAudioDecoder(8000, 1);
        var input = Signal.Sine(8000, 300, 160 * 10, 8000);
        var payload = new byte[400];
        var pcm = new short[160];
        for (var f = 0; f < 10; f++)
        {
            encoder.Encode(input.AsSpan(f * 160, 160), payload, out var length);
            decoder.Decode(payload.AsSpan(0, length), pcm, out _);
        }

        Assert.Equal(CodecStatus.Done, decoder.Conceal(160, pcm));
        Assert.True(Signal.Rms(pcm) > 100, "concealment continues the signal rather than going silent");
        Assert.Equal(CodecStatus.InvalidFrameSize, decoder.Conceal(150, pcm));
    }

    // RFC 6716 §3.1 Table 2: configuration number in the TOC's top five bits gives the frame size.
    [Theory]
    [InlineData(0x08, 48000, 960)] // config 1: SILK NB 20 ms
    [InlineData(0x78, 48000, 960)] // config 15: hybrid FB 20 ms
    [InlineData(0x60, 48000, 480)] // config 12: hybrid SWB 10 ms
    [InlineData(0x80, 48000, 120)] // config 16: CELT NB 2.5 ms
    [InlineData(0xF8, 8000, 160)] // config 31: CELT FB 20 ms
    [InlineData(0x18, 8000, 480)] // config 3: SILK NB 60 ms
    [InlineData(0x09, 48000, 1920)] // code 1: two frames of 20 ms
    public void GetSampleCount_Toc_FollowsTable2(int toc, int rate, int expected)
    {
        Assert.Equal(expected, OpusFrames.GetSampleCount([(byte)toc, 0x00, 0x00], rate));
    }

    [Fact]
    public void GetSampleCount_MoreThan120Ms_IsRejected()
    {
        // Code 3 with three 60 ms SILK frames: 180 ms (RFC 6716 §3.2.5 caps a packet at 120 ms).
        Assert.Equal(-1, OpusFrames.GetSampleCount([0x1B, 0x03], 48000));
        Assert.Equal(5760, OpusFrames.GetSampleCount([0x1B, 0x02], 48000));
    }
}
