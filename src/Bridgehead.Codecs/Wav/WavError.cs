namespace Bridgehead.Codecs.Wav;

/// <summary>Why a WAV file was refused.</summary>
public enum WavError : byte
{
    None,

    /// <summary>Not "RIFF" … "WAVE".</summary>
    NotRiffWave,

    /// <summary>No "fmt " chunk before the data, or one too short.</summary>
    MissingFormat,

    MissingData,

    /// <summary>A chunk claims more octets than the file holds.</summary>
    Truncated,

    /// <summary>A format tag or sample width this reader does not decode (e.g. ADPCM, 12-bit).</summary>
    UnsupportedFormat,

    /// <summary>Zero channels or sample rate, or a block alignment that does not fit the sample width.</summary>
    InvalidFormat,
}
