namespace Bridgehead.Tests.Transport;

/// <summary>Reads public conformance vectors from tests/vectors.</summary>
internal static class TransportVectors
{
    public static byte[] Read(string folder, string file) =>
        File.ReadAllBytes(Path.Combine(Root(), "tests", "vectors", folder, file));

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bridgehead.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Bridgehead.slnx not found above the test binaries");
    }
}
