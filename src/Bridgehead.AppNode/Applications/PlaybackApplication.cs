using Bridgehead.AppNode.Media;
using Bridgehead.Rtp;

namespace Bridgehead.AppNode.Applications;

/// <summary>
/// Extension 9664 and `originate … playback FILE`: plays 8 kHz mono PCM in 20 ms frames, then
/// finishes (the call hangs up with BYE). A short lead-in of silence lets the far end's jitter
/// buffer and the relay settle before the first word.
/// </summary>
public sealed class PlaybackApplication : ICallApplication
{
    private const int FrameSamples = 160;
    private const int LeadInFrames = 10;

    private readonly short[] _samples;
    private readonly short[] _frame = new short[FrameSamples];
    private int _leadIn = LeadInFrames;
    private int _position;

    /// <param name="samples">The recording as 8 kHz mono (see <see cref="Recording"/>).</param>
    public PlaybackApplication(short[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        _samples = samples;
    }

    public string Name => "playback";

    /// <summary>True once every sample has been sent.</summary>
    public bool Finished => _position >= _samples.Length;

    public void OnPacket(RtpSession stream, in RtpPacket packet)
    {
    }

    public bool OnTick(RtpSession stream, long tick)
    {
        if (_leadIn > 0)
        {
            _leadIn--;
            stream.SendSilence(tick);
            return true;
        }

        if (Finished)
        {
            return false;
        }

        var count = Math.Min(FrameSamples, _samples.Length - _position);
        _samples.AsSpan(_position, count).CopyTo(_frame);
        _frame.AsSpan(count).Clear();
        _position += count;
        stream.SendFrame(_frame, tick);
        return true;
    }
}
