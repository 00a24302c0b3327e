using Bridgehead.Codecs.Tones;

namespace Bridgehead.Tests.Codecs.Tones;

public sealed class ToneGeneratorTests
{
    [Fact]
    public void Fill_DualTone_HasBothComponentsAtTheLevel()
    {
        var tone = new ToneGenerator(8000, 400, 450, level: -13);
        var samples = new short[8000];
        tone.Fill(samples);

        // −13 dBm0 is 16.14 dB below full scale: 32767 × 10^(−16.14/20) ≈ 5095.
        var expected = 32767 * Math.Pow(10, (-13 - 3.14) / 20);
        Assert.InRange(Signal.Amplitude(samples, 8000, 400), expected * 0.98, expected * 1.02);
        Assert.InRange(Signal.Amplitude(samples, 8000, 450), expected * 0.98, expected * 1.02);
        Assert.True(Signal.Amplitude(samples, 8000, 1000) < 20);
    }

    [Fact]
    public void Fill_FramesOfAnySize_JoinIntoOneContinuousWave()
    {
        var whole = new short[800];
        new ToneGenerator(8000, 1000).Fill(whole);

        var pieces = new short[800];
        var framed = new ToneGenerator(8000, 1000);
        var offset = 0;
        foreach (var size in new[] { 7, 160, 33, 300, 300 })
        {
            framed.Fill(pieces.AsSpan(offset, size));
            offset += size;
        }

        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Fill_WithCadence_IsSilentInTheOffPeriods()
    {
        // UK ring cadence: 400 on, 200 off, 400 on, 2000 off (3 s period).
        var tone = new ToneGenerator(8000, 400, 450, -13, 400, 200, 400, 2000);
        var samples = new short[8000 * 3];
        tone.Fill(samples);
        Assert.True(Signal.Rms(samples.AsSpan(0, 3200)) > 1000);
        Assert.Equal(0, Signal.Rms(samples.AsSpan(3200, 1600)));
        Assert.True(Signal.Rms(samples.AsSpan(4800, 3200)) > 1000);
        Assert.Equal(0, Signal.Rms(samples.AsSpan(8000, 16000)));
    }

    [Fact]
    public void Constructor_FrequencyAboveNyquist_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ToneGenerator(8000, 4500));
    }
}
