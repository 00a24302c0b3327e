using Bridgehead.Codecs.G711;
using Bridgehead.Codecs.Opus;

namespace Bridgehead.Codecs;

/// <summary>Creates encoders and decoders by codec: what a media session calls when it picks a codec from SDP.</summary>
public static class AudioCodecs
{
    /// <summary>
    /// An encoder taking PCM at <paramref name="sampleRate"/>. G.711 takes only 8000 mono; Opus
    /// any Opus rate, mono or stereo.
    /// </summary>
    public static IAudioEncoder CreateEncoder(AudioCodec codec, int sampleRate = 8000, int channels = 1) => codec switch
    {
        AudioCodec.Pcmu or AudioCodec.Pcma when sampleRate == 8000 && channels == 1 => new G711Encoder(codec),
        AudioCodec.Opus => new OpusAudioEncoder(sampleRate, channels),
        _ => throw new ArgumentOutOfRangeException(nameof(sampleRate), $"{codec} cannot take {sampleRate} Hz × {channels}"),
    };

    /// <summary>A decoder producing PCM at <paramref name="sampleRate"/> (G.711: 8000 mono only).</summary>
    public static IAudioDecoder CreateDecoder(AudioCodec codec, int sampleRate = 8000, int channels = 1) => codec switch
    {
        AudioCodec.Pcmu or AudioCodec.Pcma when sampleRate == 8000 && channels == 1 => new G711Decoder(codec),
        AudioCodec.Opus => new OpusAudioDecoder(sampleRate, channels),
        _ => throw new ArgumentOutOfRangeException(nameof(sampleRate), $"{codec} cannot produce {sampleRate} Hz × {channels}"),
    };
}
