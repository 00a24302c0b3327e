namespace Bridgehead.Tests.Codecs;

/// <summary>Measurements the codec tests make on PCM: tone power (Goertzel), RMS, sine generation.</summary>
internal static class Signal
{
    public static short[] Sine(int sampleRate, double frequency, int count, double amplitude = 10000, double phase = 0)
    {
        var samples = new short[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = (short)Math.Round(amplitude * Math.Sin(phase + (2 * Math.PI * frequency * i / sampleRate)));
        }

        return samples;
    }

    /// <summary>The amplitude of the component at <paramref name="frequency"/> (Goertzel over the whole span).</summary>
    public static double Amplitude(ReadOnlySpan<short> samples, int sampleRate, double frequency)
    {
        var w = 2 * Math.PI * frequency / sampleRate;
        var coefficient = 2 * Math.Cos(w);
        double s1 = 0, s2 = 0;
        foreach (var x in samples)
        {
            var s0 = x + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        var power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return 2 * Math.Sqrt(Math.Max(power, 0)) / samples.Length;
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var x in samples)
        {
            sum += (double)x * x;
        }

        return samples.IsEmpty ? 0 : Math.Sqrt(sum / samples.Length);
    }
}
