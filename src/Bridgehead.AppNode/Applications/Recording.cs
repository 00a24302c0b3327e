using Bridgehead.Codecs.Wav;

namespace Bridgehead.AppNode.Applications;

/// <summary>Why a recording could not be loaded.</summary>
public enum RecordingError : byte
{
    None,
    NotFound,

    /// <summary>The file cannot be read by this process.</summary>
    NotAllowed,

    /// <summary>Not a WAV file this node can decode (see <see cref="WavError"/>).</summary>
    BadFile,
}

/// <summary>Loads recordings as 8 kHz mono: the bundled one, or a WAV file of any rate converted on load.</summary>
public static class Recording
{
    public const string BundledName = "bridgehead-welcome.wav";

    /// <summary>The recording that ships inside the node (made by tools/make-recording.py).</summary>
    public static short[] Bundled()
    {
        using var stream = typeof(Recording).Assembly.GetManifestResourceStream("Bridgehead.AppNode.Recordings." + BundledName)
            ?? throw new InvalidOperationException("the bundled recording is missing from the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return WavReader.TryRead(copy.GetBuffer().AsSpan(0, (int)copy.Length), out var audio) == WavError.None
            ? audio!.ToMono(8000)
            : throw new InvalidOperationException("the bundled recording does not decode");
    }

    /// <summary>
    /// Loads <paramref name="name"/>: the bundled recording (by its name, or when empty), or a WAV
    /// file of the host. Only the operator names files: the node's configuration, and originate,
    /// which sits behind the control token.
    /// </summary>
    public static RecordingError TryLoad(string? name, out short[]? samples)
    {
        samples = null;
        if (string.IsNullOrWhiteSpace(name) || name == BundledName)
        {
            samples = Bundled();
            return RecordingError.None;
        }

        string path;
        try
        {
            path = Path.GetFullPath(name);
        }
        catch (ArgumentException)
        {
            return RecordingError.NotFound;
        }

        if (!File.Exists(path))
        {
            return RecordingError.NotFound;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return RecordingError.NotFound;
        }
        catch (UnauthorizedAccessException)
        {
            return RecordingError.NotAllowed;
        }

        if (WavReader.TryRead(bytes, out var audio) != WavError.None)
        {
            return RecordingError.BadFile;
        }

        samples = audio!.ToMono(8000);
        return RecordingError.None;
    }
}
