namespace Bridgehead.Codecs;

/// <summary>The voice codecs Bridgehead can encode and decode itself.</summary>
public enum AudioCodec : byte
{
    /// <summary>G.711 µ-law, RTP payload type 0 (RFC 3551 §4.5.14).</summary>
    Pcmu,

    /// <summary>G.711 A-law, RTP payload type 8 (RFC 3551 §4.5.14).</summary>
    Pcma,

    /// <summary>Opus (RFC 6716), on RTP as opus/48000/2 with a dynamic payload type (RFC 7587).</summary>
    Opus,
}

/// <summary>What SDP and RTP say about a codec: its encoding name, RTP clock rate and channels.</summary>
public static class AudioCodecInfo
{
    /// <summary>The rtpmap encoding name: "PCMU", "PCMA", "opus".</summary>
    public static string EncodingName(this AudioCodec codec) => codec switch
    {
        AudioCodec.Pcmu => "PCMU",
        AudioCodec.Pcma => "PCMA",
        AudioCodec.Opus => "opus",
        _ => throw new ArgumentOutOfRangeException(nameof(codec)),
    };

    /// <summary>
    /// The RTP clock rate. Opus is always 48000 on RTP whatever rate it is coded at (RFC 7587
    /// §4.1), so its timestamps advance 960 per 20 ms even when decoded at 8 kHz.
    /// </summary>
    public static int RtpClockRate(this AudioCodec codec) => codec == AudioCodec.Opus ? 48000 : 8000;

    /// <summary>The channel count SDP writes: opus/48000/2 always (RFC 7587 §7), G.711 mono.</summary>
    public static int SdpChannels(this AudioCodec codec) => codec == AudioCodec.Opus ? 2 : 1;

    /// <summary>The static payload type, or -1 for a codec that needs a dynamic one.</summary>
    public static int StaticPayloadType(this AudioCodec codec) => codec switch
    {
        AudioCodec.Pcmu => 0,
        AudioCodec.Pcma => 8,
        _ => -1,
    };

    /// <summary>Identifies a codec by its rtpmap name, clock rate and channels (names compare case-insensitively, RFC 4855 §3).</summary>
    public static bool TryIdentify(string encodingName, int clockRate, int channels, out AudioCodec codec)
    {
        ArgumentNullException.ThrowIfNull(encodingName);
        if (clockRate == 8000 && channels == 1 && encodingName.Equals("PCMU", StringComparison.OrdinalIgnoreCase))
        {
            codec = AudioCodec.Pcmu;
            return true;
        }

        if (clockRate == 8000 && channels == 1 && encodingName.Equals("PCMA", StringComparison.OrdinalIgnoreCase))
        {
            codec = AudioCodec.Pcma;
            return true;
        }

        if (clockRate == 48000 && channels == 2 && encodingName.Equals("opus", StringComparison.OrdinalIgnoreCase))
        {
            codec = AudioCodec.Opus;
            return true;
        }

        codec = default;
        return false;
    }

    /// <summary>RTP timestamp units for a frame of <paramref name="samplesPerChannel"/> samples at <paramref name="sampleRate"/>.</summary>
    public static int TimestampUnits(this AudioCodec codec, int samplesPerChannel, int sampleRate) =>
        (int)((long)samplesPerChannel * codec.RtpClockRate() / sampleRate);
}
