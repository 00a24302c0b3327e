namespace Bridgehead.Testing.EndToEnd;

/// <summary>A fresh folder under the system temp directory, deleted (best effort) on dispose.</summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bridgehead-{purpose}-{Guid.NewGuid():N}"[..Math.Min(60, 12 + purpose.Length + 32)]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that was killed may still hold a file for a moment; the folder is in /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
