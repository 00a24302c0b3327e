using Bridgehead.AppNode.Media;
using Bridgehead.Codecs.Tones;
using Bridgehead.Rtp;

namespace Bridgehead.AppNode.Applications;

/// <summary>Extension 9198: a steady 400+450 Hz tone at −13 dBm0 per component until the caller hangs up.</summary>
public sealed class ToneApplication : ICallApplication
{
    private readonly ToneGenerator _tone;
    private readonly short[] _frame = new short[160];

    public ToneApplication(double frequency1 = 400, double frequency2 = 450) => _tone = new ToneGenerator(8000, frequency1, frequency2, -13);

    public string Name => "tone";

    public void OnPacket(RtpSession stream, in RtpPacket packet)
    {
    }

    public bool OnTick(RtpSession stream, long tick)
    {
        _tone.Fill(_frame);
        stream.SendFrame(_frame, tick);
        return true;
    }
}
