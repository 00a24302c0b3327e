namespace Bridgehead.Codecs;

/// <summary>The outcome of encoding or decoding one frame; bad input is a value, never an exception.</summary>
public enum CodecStatus : byte
{
    Done,

    /// <summary>The output span cannot hold the frame.</summary>
    DestinationTooSmall,

    /// <summary>The input is not a frame duration the codec can code (Opus: 2.5, 5, 10, 20, 40 or 60 ms).</summary>
    InvalidFrameSize,

    /// <summary>The payload is corrupt or not of this codec.</summary>
    InvalidData,
}
