namespace Bridgehead.Testing;

/// <summary>Locates the public conformance vectors committed under tests/vectors/.</summary>
public static class TestVectors
{
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Bridgehead.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Bridgehead.slnx not found above the test binaries");
    }

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([RepositoryRoot(), "tests", "vectors", .. parts]);

    public static byte[] Read(params string[] parts) => File.ReadAllBytes(Path(parts));
}
