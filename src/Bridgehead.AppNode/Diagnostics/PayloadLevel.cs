using Bridgehead.Codecs;
using Bridgehead.Codecs.G711;

namespace Bridgehead.AppNode.Diagnostics;

/// <summary>Whether an RTP payload carries sound: G.711 decoded, its RMS level against a silence threshold.</summary>
public static class PayloadLevel
{
    /// <summary>About -50 dBFS: comfort noise and a switch's silence stay below it, speech and tones are far above.</summary>
    public const double SilenceRms = 100;

    /// <summary>The RMS level of a G.711 payload, or -1 for a codec this cannot decode.</summary>
    public static double Rms(AudioCodec codec, ReadOnlySpan<byte> payload)
    {
        if (codec is not (AudioCodec.Pcmu or AudioCodec.Pcma) || payload.IsEmpty)
        {
            return -1;
        }

        double sum = 0;
        foreach (var code in payload)
        {
            double sample = codec == AudioCodec.Pcmu ? MuLaw.Decode(code) : ALaw.Decode(code);
            sum += sample * sample;
        }

        return Math.Sqrt(sum / payload.Length);
    }

    public static bool IsVoiced(AudioCodec codec, ReadOnlySpan<byte> payload) => Rms(codec, payload) > SilenceRms;
}
