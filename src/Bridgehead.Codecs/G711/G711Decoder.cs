namespace Bridgehead.Codecs.G711;

/// <summary>
/// G.711 as an <see cref="IAudioDecoder"/>. G.711 has no loss concealment of its own; this one
/// repeats the last frame at half the level for each further loss and reaches silence after
/// four, which hides a single lost packet without the buzz of a long repetition.
/// </summary>
public sealed class G711Decoder : IAudioDecoder
{
    /// <summary>The longest frame kept for concealment: 60 ms.</summary>
    private const int HistoryLength = 480;

    private readonly short[] _last = new short[HistoryLength];
    private int _lastLength;
    private int _losses;

    public G711Decoder(AudioCodec codec)
    {
        if (codec is not (AudioCodec.Pcmu or AudioCodec.Pcma))
        {
            throw new ArgumentOutOfRangeException(nameof(codec), "G.711 is PCMU or PCMA");
        }

        Codec = codec;
    }

    public AudioCodec Codec { get; }

    public int SampleRate => 8000;

    public int Channels => 1;

    public int GetSampleCount(ReadOnlySpan<byte> payload) => payload.Length;

    public CodecStatus Decode(ReadOnlySpan<byte> payload, Span<short> pcm, out int samplesPerChannel)
    {
        samplesPerChannel = 0;
        if (pcm.Length < payload.Length)
        {
            return CodecStatus.DestinationTooSmall;
        }

        if (Codec == AudioCodec.Pcmu)
        {
            MuLaw.Decode(payload, pcm);
        }
        else
        {
            ALaw.Decode(payload, pcm);
        }

        samplesPerChannel = payload.Length;
        _lastLength = Math.Min(payload.Length, HistoryLength);
        pcm[.._lastLength].CopyTo(_last);
        _losses = 0;
        return CodecStatus.Done;
    }

    public CodecStatus Conceal(int samplesPerChannel, Span<short> pcm)
    {
        if (pcm.Length < samplesPerChannel)
        {
            return CodecStatus.DestinationTooSmall;
        }

        _losses++;
        var output = pcm[..samplesPerChannel];
        if (_losses > 4 || _lastLength == 0)
        {
            output.Clear();
            return CodecStatus.Done;
        }

        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (short)(_last[i % _lastLength] >> _losses);
        }

        return CodecStatus.Done;
    }

    public void Dispose()
    {
    }
}
