namespace Bridgehead.Codecs.Opus;

/// <summary>
/// Opus decoding through Concentus at any Opus rate (8 kHz straight into G.711 needs no
/// resampler: the decoder does it internally), with the codec's own loss concealment.
/// </summary>
public sealed class OpusAudioDecoder : IAudioDecoder
{
    private readonly Concentus.IOpusDecoder _decoder;

    /// <param name="sampleRate">8000, 12000, 16000, 24000 or 48000.</param>
    /// <param name="channels">1 or 2, whatever the sender coded (Opus mixes or splits).</param>
    public OpusAudioDecoder(int sampleRate, int channels)
    {
        if (!OpusFrames.IsValidRate(sampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), "Opus decodes at 8, 12, 16, 24 or 48 kHz");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 2);
        _decoder = Concentus.OpusCodecFactory.CreateDecoder(sampleRate, channels);
        SampleRate = sampleRate;
        Channels = channels;
    }

    public AudioCodec Codec => AudioCodec.Opus;

    public int SampleRate { get; }

    public int Channels { get; }

    public int GetSampleCount(ReadOnlySpan<byte> payload) => OpusFrames.GetSampleCount(payload, SampleRate);

    public CodecStatus Decode(ReadOnlySpan<byte> payload, Span<short> pcm, out int samplesPerChannel)
    {
        samplesPerChannel = 0;
        var count = OpusFrames.GetSampleCount(payload, SampleRate);
        if (count < 0)
        {
            return CodecStatus.InvalidData;
        }

        if (pcm.Length < count * Channels)
        {
            return CodecStatus.DestinationTooSmall;
        }

        try
        {
            samplesPerChannel = _decoder.Decode(payload, pcm, count, false);
        }
        catch (Concentus.OpusException)
        {
            return CodecStatus.InvalidData;
        }

        return samplesPerChannel >= 0 ? CodecStatus.Done : CodecStatus.InvalidData;
    }

    public CodecStatus Conceal(int samplesPerChannel, Span<short> pcm)
    {
        if (!OpusFrames.IsValidFrame(samplesPerChannel, SampleRate))
        {
            return CodecStatus.InvalidFrameSize;
        }

        if (pcm.Length < samplesPerChannel * Channels)
        {
            return CodecStatus.DestinationTooSmall;
        }

        try
        {
            // An empty payload asks the decoder for packet-loss concealment of that duration.
            _decoder.Decode(ReadOnlySpan<byte>.Empty, pcm, samplesPerChannel, false);
        }
        catch (Concentus.OpusException)
        {
            return CodecStatus.InvalidData;
        }

        return CodecStatus.Done;
    }

    public void Dispose() => (_decoder as IDisposable)?.Dispose();
}
