using Concentus.Enums;

namespace Bridgehead.Codecs.Opus;

/// <summary>
/// Opus through Concentus: its factory uses a native libopus when the platform has one and the
/// managed port of libopus otherwise; both code the same bitstream. Takes 8, 12, 16, 24 or
/// 48 kHz PCM in frames of 2.5 to 60 ms.
/// </summary>
public sealed class OpusAudioEncoder : IAudioEncoder
{
    /// <summary>RFC 6716 §3.2.1: no frame is longer than 1275 octets, and a packet of 60 ms fits in 3 of them.</summary>
    private const int MaxPacket = 1275 * 3;

    private readonly Concentus.IOpusEncoder _encoder;

    /// <param name="sampleRate">8000, 12000, 16000, 24000 or 48000.</param>
    /// <param name="channels">1 or 2.</param>
    /// <param name="bitrate">Bits per second; 0 lets the encoder choose.</param>
    public OpusAudioEncoder(int sampleRate, int channels, int bitrate = 0)
    {
        if (!OpusFrames.IsValidRate(sampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), "Opus codes at 8, 12, 16, 24 or 48 kHz");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 2);
        _encoder = Concentus.OpusCodecFactory.CreateEncoder(sampleRate, channels, OpusApplication.OPUS_APPLICATION_VOIP);
        if (bitrate > 0)
        {
            _encoder.Bitrate = bitrate;
        }

        SampleRate = sampleRate;
        Channels = channels;
    }

    public AudioCodec Codec => AudioCodec.Opus;

    public int SampleRate { get; }

    public int Channels { get; }

    /// <summary>Forward error correction in the next frames (RFC 7587 §3.3 useinbandfec).</summary>
    public bool UseInbandFec
    {
        get => _encoder.UseInbandFEC;
        set => _encoder.UseInbandFEC = value;
    }

    /// <summary>Expected loss in percent, which makes the encoder spend bits on FEC.</summary>
    public int PacketLossPercent
    {
        get => _encoder.PacketLossPercent;
        set => _encoder.PacketLossPercent = value;
    }

    public int MaxPayloadLength(int samplesPerChannel) => MaxPacket;

    public CodecStatus Encode(ReadOnlySpan<short> pcm, Span<byte> payload, out int bytesWritten)
    {
        bytesWritten = 0;
        var frame = pcm.Length / Channels;
        if (pcm.Length % Channels != 0 || !OpusFrames.IsValidFrame(frame, SampleRate))
        {
            return CodecStatus.InvalidFrameSize;
        }

        // Opus needs at least a few octets of room; a 60 ms packet may use MaxPacket.
        if (payload.Length < 8)
        {
            return CodecStatus.DestinationTooSmall;
        }

        var room = Math.Min(payload.Length, MaxPacket);
        try
        {
            bytesWritten = _encoder.Encode(pcm, frame, payload, room);
        }
        catch (Concentus.OpusException)
        {
            return CodecStatus.DestinationTooSmall;
        }

        return bytesWritten > 0 ? CodecStatus.Done : CodecStatus.DestinationTooSmall;
    }

    public void Dispose() => (_encoder as IDisposable)?.Dispose();
}
