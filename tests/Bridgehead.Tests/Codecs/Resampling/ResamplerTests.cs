using Bridgehead.Codecs.Resampling;

namespace Bridgehead.Tests.Codecs.Resampling;

public sealed class ResamplerTests
{
    [Theory]
    [InlineData(8000, 48000, 1000)]
    [InlineData(48000, 8000, 1000)]
    [InlineData(44100, 8000, 700)]
    [InlineData(8000, 16000, 3000)]
    [InlineData(22050, 8000, 300)]
    public void Convert_Sine_KeepsFrequencyLevelAndLength(int from, int to, double frequency)
    {
        var input = Signal.Sine(from, frequency, from, 10000);
        var output = Resampler.Convert(input, from, to);
        Assert.Equal(to, output.Length);
        var middle = output.AsSpan(to / 10, to * 8 / 10);
        Assert.InRange(Signal.Amplitude(middle, to, frequency), 9800, 10200);

        // No delay: the output is in phase with a sine made at the new rate.
        var reference = Signal.Sine(to, frequency, to, 10000);
        for (var i = to / 10; i < to * 9 / 10; i += 97)
        {
            Assert.InRange(output[i] - reference[i], -300, 300);
        }
    }

    [Fact]
    public void Convert_48kTo8k_RejectsWhatWouldAlias()
    {
        // 6 kHz cannot exist at 8 kHz; without the low-pass it would fold to 2 kHz.
        var input = Signal.Sine(48000, 6000, 48000, 10000);
        var output = Resampler.Convert(input, 48000, 8000);
        Assert.True(Signal.Amplitude(output.AsSpan(800, 6400), 8000, 2000) < 30);
    }

    [Fact]
    public void Process_InFrames_EqualsOneBlock()
    {
        var input = Signal.Sine(48000, 440, 48000, 9000);
        var whole = new Resampler(48000, 8000);
        var expected = new short[whole.MaxOutputLength(input.Length)];
        var n = whole.Process(input, expected);

        var framed = new Resampler(48000, 8000);
        var output = new List<short>();
        var frame = new short[framed.MaxOutputLength(960)];
        for (var offset = 0; offset < input.Length; offset += 960)
        {
            var written = framed.Process(input.AsSpan(offset, 960), frame);
            output.AddRange(frame.AsSpan(0, written));
        }

        Assert.Equal(expected.AsSpan(0, n).ToArray(), output.ToArray());
        Assert.Equal(8000, output.Count);
    }

    [Fact]
    public void Process_20msFramesUpsampled_GiveExactlySixTimesAsMany()
    {
        var resampler = new Resampler(8000, 48000);
        var output = new short[resampler.MaxOutputLength(160)];
        var input = new short[160];
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(960, resampler.Process(input, output));
        }
    }

    [Fact]
    public void Constructor_RatioTooFine_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(44099, 8000));
    }
}
