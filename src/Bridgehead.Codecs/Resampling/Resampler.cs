namespace Bridgehead.Codecs.Resampling;

/// <summary>
/// Converts 16-bit mono PCM between any two sample rates with a polyphase windowed-sinc filter:
/// the ratio is reduced to L/M, and each output sample is one phase of an L-fold interpolating
/// low-pass filter (cut off below the lower Nyquist frequency, Kaiser window) applied to the
/// input. Streaming: input may come in frames of any size and the output continues seamlessly;
/// the filter delays the signal by <see cref="DelaySamples"/> output samples. Allocation-free once
/// the internal buffer has grown to the largest input frame. Not thread-safe.
/// </summary>
public sealed class Resampler
{
    /// <summary>Zero crossings of the sinc kept on each side: the transition band is about 1/16 of the lower rate.</summary>
    private const int ZeroCrossings = 16;

    /// <summary>The pass band ends at this fraction of the lower Nyquist frequency, so the stop band starts at it.</summary>
    private const double Rolloff = 0.92;

    private const double KaiserBeta = 8.6;

    private readonly int _up;
    private readonly int _down;
    private readonly int _taps;
    private readonly int _center;
    private readonly float[] _filter; // phase-major: _filter[p * _taps + t]
    private short[] _buffer;
    private int _count;
    private int _index;
    private int _phase;

    public Resampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputRate, 1);
        var gcd = Gcd(inputRate, outputRate);
        _up = outputRate / gcd;
        _down = inputRate / gcd;
        InputRate = inputRate;
        OutputRate = outputRate;
        if (_up > 1000 || _down > 1000)
        {
            // 44100 ↔ 8000 is 80/441; ratios beyond this would need a filter table of megabytes.
            throw new ArgumentOutOfRangeException(nameof(outputRate), $"the ratio {outputRate}/{inputRate} reduces to {_up}/{_down}, too fine for a polyphase table");
        }

        // The prototype's centre is a whole number of output samples (a multiple of M at the
        // up-sampled rate), so the delay is whole and Convert can remove it exactly.
        var widest = Math.Max(_up, _down);
        _center = _down * ((ZeroCrossings * widest + _down - 1) / _down);
        var length = (2 * _center) + 1;
        _taps = (length + _up - 1) / _up;
        _filter = BuildFilter(_up, _taps, widest, _center);

        // History of taps − 1 zeros, so the first output is defined.
        _buffer = new short[_taps * 2];
        _count = _taps - 1;
        _index = _taps - 1;
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>The filter's group delay in output samples.</summary>
    public int DelaySamples => _center / _down;

    /// <summary>The most output samples one call with this much input can produce.</summary>
    public int MaxOutputLength(int inputLength) => (int)((((long)inputLength + 1) * _up / _down) + 1);

    /// <summary>Resamples a frame; returns the samples written to <paramref name="output"/>.</summary>
    /// <remarks>Output that does not fit stays pending and comes out of the next call; size <paramref name="output"/> with <see cref="MaxOutputLength"/>.</remarks>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        Append(input);
        var written = 0;
        var taps = _taps;
        var filter = _filter.AsSpan();
        var buffer = _buffer.AsSpan();
        while (_index < _count && written < output.Length)
        {
            var coefficients = filter.Slice(_phase * taps, taps);
            var newest = _index;
            double sum = 0;
            for (var t = 0; t < taps; t++)
            {
                sum += coefficients[t] * buffer[newest - t];
            }

            output[written++] = Saturate(sum);
            _phase += _down;
            _index += _phase / _up;
            _phase %= _up;
        }

        Compact();
        return written;
    }

    /// <summary>Forgets the history: the next frame starts as if after silence.</summary>
    public void Reset()
    {
        Array.Clear(_buffer);
        _count = _taps - 1;
        _index = _taps - 1;
        _phase = 0;
    }

    /// <summary>
    /// Resamples a whole signal at once, without the filter's delay: the output is aligned with
    /// the input and has input length × rate ratio samples (for files, not streams).
    /// </summary>
    public static short[] Convert(ReadOnlySpan<short> input, int inputRate, int outputRate)
    {
        if (inputRate == outputRate)
        {
            return input.ToArray();
        }

        var resampler = new Resampler(inputRate, outputRate);
        var expected = (int)((long)input.Length * outputRate / inputRate);
        var delay = resampler.DelaySamples;
        var output = new short[Math.Max(resampler.MaxOutputLength(input.Length), expected + delay) + resampler.MaxOutputLength(256)];
        var written = resampler.Process(input, output);

        // Flush the filter with silence so the tail comes out.
        Span<short> silence = stackalloc short[256];
        silence.Clear();
        for (var i = 0; i < 1000 && written < expected + delay; i++)
        {
            written += resampler.Process(silence, output.AsSpan(written));
        }

        return output.AsSpan(Math.Min(delay, written), Math.Max(0, Math.Min(expected, written - delay))).ToArray();
    }

    private void Append(ReadOnlySpan<short> input)
    {
        if (_count + input.Length > _buffer.Length)
        {
            var bigger = new short[Math.Max(_buffer.Length * 2, _count + input.Length)];
            _buffer.AsSpan(0, _count).CopyTo(bigger);
            _buffer = bigger;
        }

        input.CopyTo(_buffer.AsSpan(_count));
        _count += input.Length;
    }

    /// <summary>Keeps only the taps − 1 samples before the next output's newest input.</summary>
    private void Compact()
    {
        var keepFrom = _index - (_taps - 1);
        if (keepFrom <= 0)
        {
            return;
        }

        var keep = _count - keepFrom;
        if (keep > 0)
        {
            _buffer.AsSpan(keepFrom, keep).CopyTo(_buffer);
        }

        _count = Math.Max(keep, 0);
        _index -= keepFrom;
    }

    private static float[] BuildFilter(int up, int taps, int widest, int center)
    {
        // Prototype at the up-sampled rate: cut-off (cycles per sample) below both Nyquist
        // frequencies, gain L to make up for the zeros interpolation inserts. Taps past
        // 2·centre stay zero (the phase table is rectangular).
        var cutoff = 0.5 * Rolloff / widest;
        var filter = new float[up * taps];
        var i0Beta = BesselI0(KaiserBeta);
        for (var k = 0; k <= 2 * center; k++)
        {
            var x = (double)(k - center);
            var sinc = x == 0 ? 1.0 : Math.Sin(2 * Math.PI * cutoff * x) / (2 * Math.PI * cutoff * x);
            var r = x / (center + 1);
            var window = BesselI0(KaiserBeta * Math.Sqrt(Math.Max(0, 1 - (r * r)))) / i0Beta;
            var h = up * 2 * cutoff * sinc * window;

            // Phase p, tap t holds h[p + L·t].
            var phase = k % up;
            var tap = k / up;
            filter[(phase * taps) + tap] = (float)h;
        }

        return filter;
    }

    private static double BesselI0(double x)
    {
        // Power series of the modified Bessel function of the first kind, order 0.
        double sum = 1, term = 1;
        for (var k = 1; k < 50; k++)
        {
            term *= x / (2 * k);
            var squared = term * term;
            sum += squared;
            if (squared < sum * 1e-12)
            {
                break;
            }
        }

        return sum;
    }

    private static short Saturate(double value) =>
        value >= short.MaxValue ? short.MaxValue : value <= short.MinValue ? short.MinValue : (short)Math.Round(value);

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
