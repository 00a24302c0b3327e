namespace Bridgehead.Codecs.G711;

/// <summary>G.711 as an <see cref="IAudioEncoder"/>: 8 kHz mono, one octet per sample, any frame length.</summary>
public sealed class G711Encoder : IAudioEncoder
{
    public G711Encoder(AudioCodec codec)
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

    public int MaxPayloadLength(int samplesPerChannel) => samplesPerChannel;

    public CodecStatus Encode(ReadOnlySpan<short> pcm, Span<byte> payload, out int bytesWritten)
    {
        bytesWritten = 0;
        if (payload.Length < pcm.Length)
        {
            return CodecStatus.DestinationTooSmall;
        }

        if (Codec == AudioCodec.Pcmu)
        {
            MuLaw.Encode(pcm, payload);
        }
        else
        {
            ALaw.Encode(pcm, payload);
        }

        bytesWritten = pcm.Length;
        return CodecStatus.Done;
    }

    public void Dispose()
    {
    }
}
