namespace Bridgehead.Codecs;

/// <summary>
/// Encodes frames of 16-bit linear PCM (interleaved when stereo) into RTP payloads. One
/// instance per stream: codecs with memory (Opus) keep it between frames. Encoding does not
/// allocate. Not thread-safe.
/// </summary>
public interface IAudioEncoder : IDisposable
{
    AudioCodec Codec { get; }

    /// <summary>The PCM rate the encoder takes (8000 for G.711; 8000–48000 for Opus).</summary>
    int SampleRate { get; }

    int Channels { get; }

    /// <summary>The largest payload a frame of this many samples per channel can produce.</summary>
    int MaxPayloadLength(int samplesPerChannel);

    /// <param name="pcm">One frame: samples per channel × channels.</param>
    /// <param name="payload">Where the RTP payload goes.</param>
    /// <param name="bytesWritten">The payload length.</param>
    CodecStatus Encode(ReadOnlySpan<short> pcm, Span<byte> payload, out int bytesWritten);
}
