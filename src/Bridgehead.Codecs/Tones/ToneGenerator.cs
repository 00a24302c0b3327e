namespace Bridgehead.Codecs.Tones;

/// <summary>
/// A call-progress style tone: one or two sine waves summed, optionally switched on and off in
/// a cadence (400+450 Hz, 400 ms on, 200 ms off, twice, then 2 s off is the UK ring tone;
/// steady 400+450 Hz is what extension 9198 plays). Phase runs continuously across frames, so
/// any frame length joins without clicks. Allocation-free; not thread-safe.
/// </summary>
public sealed class ToneGenerator
{
    private readonly int _sampleRate;
    private readonly double _step1;
    private readonly double _step2;
    private readonly double _amplitude;
    private readonly int[] _cadence;
    private readonly int _cadenceLength;
    private double _phase1;
    private double _phase2;
    private long _position;

    /// <param name="sampleRate">Samples per second.</param>
    /// <param name="frequency1">First frequency in Hz.</param>
    /// <param name="frequency2">Second frequency in Hz, or 0 for a single tone.</param>
    /// <param name="level">Level of each component in dBm0 (−13 dBm0 per component is a common call-progress level; 3.14 dBm0 is a full-scale sine, G.711 §A).</param>
    /// <param name="cadenceMs">On/off durations in milliseconds, repeating: on, off, on, off…; empty for a steady tone.</param>
    public ToneGenerator(int sampleRate, double frequency1, double frequency2 = 0, double level = -13, params int[] cadenceMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (frequency1 <= 0 || frequency1 >= sampleRate / 2.0 || frequency2 < 0 || frequency2 >= sampleRate / 2.0)
        {
            throw new ArgumentOutOfRangeException(nameof(frequency1), "frequencies must lie between 0 and half the sample rate");
        }

        ArgumentNullException.ThrowIfNull(cadenceMs);
        if (cadenceMs.Length % 2 != 0 || Array.Exists(cadenceMs, d => d < 0))
        {
            throw new ArgumentException("a cadence is pairs of non-negative on/off durations", nameof(cadenceMs));
        }

        _sampleRate = sampleRate;
        _step1 = 2 * Math.PI * frequency1 / sampleRate;
        _step2 = 2 * Math.PI * frequency2 / sampleRate;

        // 0 dBm0 is 3.14 dB below a full-scale sine (ITU-T G.711: the full-scale sine of µ-law is
        // +3.17 dBm0); a 16-bit full-scale sine has amplitude 32767.
        _amplitude = 32767 * Math.Pow(10, (level - 3.14) / 20);
        if (frequency2 > 0 && _amplitude * 2 > 32767)
        {
            _amplitude = 32767 / 2.0;
        }

        _cadence = new int[cadenceMs.Length];
        for (var i = 0; i < cadenceMs.Length; i++)
        {
            _cadence[i] = (int)((long)cadenceMs[i] * sampleRate / 1000);
            _cadenceLength += _cadence[i];
        }
    }

    public int SampleRate => _sampleRate;

    /// <summary>Fills the frame with the next samples (mono).</summary>
    public void Fill(Span<short> frame)
    {
        for (var i = 0; i < frame.Length; i++)
        {
            var value = 0.0;
            if (IsOn(_position))
            {
                value = Math.Sin(_phase1);
                if (_step2 > 0)
                {
                    value += Math.Sin(_phase2);
                }
            }

            frame[i] = (short)Math.Round(value * _amplitude);
            _phase1 += _step1;
            _phase2 += _step2;
            if (_phase1 > 2 * Math.PI)
            {
                _phase1 -= 2 * Math.PI;
            }

            if (_phase2 > 2 * Math.PI)
            {
                _phase2 -= 2 * Math.PI;
            }

            _position++;
        }
    }

    /// <summary>Starts the tone and its cadence from the beginning.</summary>
    public void Reset()
    {
        _phase1 = 0;
        _phase2 = 0;
        _position = 0;
    }

    private bool IsOn(long position)
    {
        if (_cadenceLength == 0)
        {
            return true;
        }

        var t = (int)(position % _cadenceLength);
        for (var i = 0; i < _cadence.Length; i++)
        {
            if (t < _cadence[i])
            {
                return i % 2 == 0;
            }

            t -= _cadence[i];
        }

        return false;
    }
}
