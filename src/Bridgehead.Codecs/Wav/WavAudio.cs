using Bridgehead.Codecs.Resampling;

namespace Bridgehead.Codecs.Wav;

/// <summary>Decoded audio from a WAV file: 16-bit samples, interleaved when there are several channels.</summary>
public sealed class WavAudio
{
    public WavAudio(int sampleRate, int channels, short[] samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentNullException.ThrowIfNull(samples);
        SampleRate = sampleRate;
        Channels = channels;
        Samples = samples;
    }

    public int SampleRate { get; }

    public int Channels { get; }

    public short[] Samples { get; }

    /// <summary>Samples per channel.</summary>
    public int Frames => Samples.Length / Channels;

    public TimeSpan Duration => TimeSpan.FromSeconds((double)Frames / SampleRate);

    /// <summary>
    /// The audio as mono at <paramref name="sampleRate"/>: channels averaged, then resampled
    /// (no delay added), e.g. a 44.1 kHz stereo recording made ready for G.711 at 8 kHz.
    /// </summary>
    public short[] ToMono(int sampleRate = 8000)
    {
        var mono = Samples;
        if (Channels > 1)
        {
            mono = new short[Frames];
            for (var i = 0; i < mono.Length; i++)
            {
                var sum = 0;
                for (var c = 0; c < Channels; c++)
                {
                    sum += Samples[(i * Channels) + c];
                }

                mono[i] = (short)(sum / Channels);
            }
        }

        return sampleRate == SampleRate ? (ReferenceEquals(mono, Samples) ? (short[])mono.Clone() : mono) : Resampler.Convert(mono, SampleRate, sampleRate);
    }
}
