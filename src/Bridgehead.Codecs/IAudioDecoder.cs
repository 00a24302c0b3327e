namespace Bridgehead.Codecs;

/// <summary>
/// Decodes RTP payloads into 16-bit linear PCM (interleaved when stereo), and fills the gap of a
/// lost packet. One instance per stream; decoding does not allocate. Not thread-safe.
/// </summary>
public interface IAudioDecoder : IDisposable
{
    AudioCodec Codec { get; }

    /// <summary>The PCM rate the decoder produces (8000 for G.711; 8000–48000 for Opus).</summary>
    int SampleRate { get; }

    int Channels { get; }

    /// <summary>Samples per channel a payload decodes to, or -1 when the payload is not valid.</summary>
    int GetSampleCount(ReadOnlySpan<byte> payload);

    /// <param name="payload">One RTP payload.</param>
    /// <param name="pcm">Room for <see cref="GetSampleCount"/> × channels samples.</param>
    /// <param name="samplesPerChannel">How many samples per channel were written.</param>
    CodecStatus Decode(ReadOnlySpan<byte> payload, Span<short> pcm, out int samplesPerChannel);

    /// <summary>
    /// Produces <paramref name="samplesPerChannel"/> samples for a packet that never came:
    /// Opus runs its loss concealment, G.711 fades the last frame out.
    /// </summary>
    CodecStatus Conceal(int samplesPerChannel, Span<short> pcm);
}
